import { ErrorCode } from '@infer/core';

/**
 * Exit codes of `infer`. What each one means for users, and which infer error codes lead to it, is
 * the table of packages/cli/README.md ("Errors and exit codes"); a test keeps the two the same.
 */
export const ExitCode = Object.freeze({
  Success: 0,
  Unexpected: 1,
  Usage: 2,
  Configuration: 3,
  Connection: 4,
  Migration: 5,
  NotFound: 6,
  Pending: 7,
  Drift: 8,
  DatabaseAhead: 9,
  LockTimeout: 10,
  InvalidMigrations: 11,
  CopyIncomplete: 12,
  UnsupportedValue: 13,
  DocumentLimit: 14,
  UntrustedConfig: 15,
  Interrupted: 130,
} as const);

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const BY_ERROR_CODE: Readonly<Record<ErrorCode, ExitCode>> = Object.freeze({
  [ErrorCode.Configuration]: ExitCode.Configuration,
  [ErrorCode.BackendNotInstalled]: ExitCode.Configuration,
  [ErrorCode.IncompatibleBackend]: ExitCode.Configuration,
  [ErrorCode.Connection]: ExitCode.Connection,
  [ErrorCode.Migration]: ExitCode.Migration,
  [ErrorCode.MigrationDefinition]: ExitCode.InvalidMigrations,
  [ErrorCode.Baseline]: ExitCode.InvalidMigrations,
  [ErrorCode.Drift]: ExitCode.Drift,
  [ErrorCode.DatabaseAhead]: ExitCode.DatabaseAhead,
  [ErrorCode.LockTimeout]: ExitCode.LockTimeout,
  [ErrorCode.NotFound]: ExitCode.NotFound,
  // Using a closed backend is a programming error, not something a user can fix.
  [ErrorCode.Closed]: ExitCode.Unexpected,
  [ErrorCode.CopyIncomplete]: ExitCode.CopyIncomplete,
  [ErrorCode.UnsupportedValue]: ExitCode.UnsupportedValue,
  [ErrorCode.DocumentLimit]: ExitCode.DocumentLimit,
  [ErrorCode.UntrustedConfig]: ExitCode.UntrustedConfig,
  [ErrorCode.Interrupted]: ExitCode.Interrupted,
});

/**
 * The exit code for an infer error code. A code this CLI does not know (a plugin built against a
 * newer core) counts as unexpected rather than guessing.
 */
export function exitCodeOf(code: string): ExitCode {
  return Object.hasOwn(BY_ERROR_CODE, code) ? BY_ERROR_CODE[code as ErrorCode] : ExitCode.Unexpected;
}
