import { ErrorCode } from '@infer/core';

/**
 * Exit codes of `infer` (the same table is in packages/cli/README.md):
 *
 * | code | meaning                                                                 |
 * |------|-------------------------------------------------------------------------|
 * | 0    | success                                                                 |
 * | 1    | unexpected error (a bug, or an error that is not an infer error)        |
 * | 2    | bad usage: an unknown command or flag (the nearest one is suggested),   |
 * |      | or flags and arguments oclif could not parse                            |
 * | 3    | configuration: E_CONFIG, E_BACKEND_NOT_INSTALLED, E_INCOMPATIBLE_BACKEND |
 * | 4    | database or connection: E_CONNECTION                                    |
 * | 5    | a migration failed (rolled back): E_MIGRATION                           |
 * | 6    | not found: E_NOT_FOUND                                                  |
 * | 7    | `migrate --status --exit-code`: migrations are pending                  |
 * | 8    | drift: an applied migration changed, or (repair) its ledger row names   |
 * |      | another migration (E_MIGRATION_DRIFT)                                   |
 * | 9    | the database is ahead of this code (E_DATABASE_AHEAD)                   |
 * | 10   | another process held the migration lock too long (E_LOCK_TIMEOUT)       |
 * | 11   | invalid migrations: lint errors, no down, baseline mismatch             |
 * |      | (E_MIGRATION_DEFINITION, E_BASELINE)                                    |
 * | 12   | `storage copy`: source conversations missing from the target afterwards |
 * |      | (E_COPY_INCOMPLETE)                                                     |
 * | 13   | a conversation holds a value the backend cannot store, nothing written  |
 * |      | (E_UNSUPPORTED_VALUE)                                                   |
 * | 14   | a stored conversation cannot be read: nested deeper or larger than the  |
 * |      | documented limits (core's DOCUMENT_LIMITS), or not valid JSON; it is    |
 * |      | named, the others still work                                            |
 * |      | (E_DOCUMENT_LIMIT)                                                      |
 * | 15   | a configuration file found in the current directory is not approved:    |
 * |      | approve it with `infer config trust` (E_UNTRUSTED_CONFIG)               |
 * | 130  | interrupted (Ctrl-C) between two whole steps; running again resumes     |
 * |      | (E_INTERRUPTED)                                                         |
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
