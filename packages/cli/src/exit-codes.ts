import { ErrorCode } from '@infer/core';

/**
 * Exit codes of `infer`, each with what it means for users. The table of packages/cli/README.md
 * ("Errors and exit codes") is these comments with the infer error codes that lead to each exit code
 * (`exitCodeOf`); test/exit-codes.test.ts fails when the two differ in any row, and when a command's
 * help names an exit code that is not here or words it differently.
 */
export const ExitCode = Object.freeze({
  /** success */
  Success: 0,
  /** unexpected error (a bug, or an error that is not an infer error) */
  Unexpected: 1,
  /**
   * bad usage: an unknown command or flag (the nearest one is suggested), a missing or invalid flag value (oclif's
   * parser), or a change that needs a confirmation (`migrate down`, `conversations delete`) refused off a terminal
   * without `--yes`
   */
  Usage: 2,
  /**
   * configuration: bad or unreadable config, unknown `storage.type`, refusing to overwrite a file (`init`, `export
   * --output`), a directory given where a file is expected (`--config`, `--to`, `--output`), a copy onto the same
   * store or from an unmigrated one, a PostgreSQL `lock_mode` that cannot hold behind the pooler in between
   */
  Configuration: 3,
  /**
   * database or connection: cannot open, not a database, not writable, a SQLite backup that cannot be written, or
   * the connection lost mid-run (the server stopped or restarted; an interrupted migration was applied whole or not
   * at all)
   */
  Connection: 4,
  /** a migration failed (rolled back, unless it ran outside a transaction) */
  Migration: 5,
  /** not found */
  NotFound: 6,
  /** `infer migrate --status --exit-code`: migrations are pending */
  Pending: 7,
  /** drift: an applied migration changed since it ran, or (`migrate repair`) its ledger row names another migration */
  Drift: 8,
  /** the database is ahead of this release (versions it does not know) */
  DatabaseAhead: 9,
  /**
   * lock timeout: another process held the migration lock (SQLite: the database, `storage.sqlite.busy_timeout`)
   * longer than the configured wait, or (PostgreSQL) a migration's statement waited longer than
   * `migration_lock_timeout` for a table's lock on every attempt (the line names the session it waited for);
   * nothing of that migration was applied
   */
  LockTimeout: 10,
  /**
   * invalid migrations: lint errors, no down to revert, baseline check failed, a database with the tables but no
   * ledger (`infer migrate baseline --to <v>`)
   */
  InvalidMigrations: 11,
  /** `infer storage copy`: source conversations are missing from the target after the copy */
  CopyIncomplete: 12,
  /**
   * a conversation holds a value the backend cannot store (PostgreSQL: U+0000 in an id, an id over 255 characters, a
   * timestamp that is not RFC 3339); nothing was written
   */
  UnsupportedValue: 13,
  /**
   * a stored conversation cannot be read: beyond the documented limits (nested deeper than 100 levels, or stored as
   * more than 64 MiB of JSON; core's `DOCUMENT_LIMITS`), or not stored as valid JSON (another program wrote it):
   * `show`, `export` and `delete`'s prompt name it and read nothing of it; `list` prints the others and then names
   * it; `storage copy` copies the others, then names it
   */
  DocumentLimit: 14,
  /**
   * a configuration file found here (in the current directory) is not approved for what it would do: send a password
   * from elsewhere to a server it names, or run its `migrations_dir` against a store it does not name (approve it
   * with `infer config trust`, or pass it with `--config`)
   */
  UntrustedConfig: 15,
  /**
   * interrupted (Ctrl-C) during `migrate`, `migrate down` or `storage copy`, between two whole steps; one line says
   * how far it got; running the same command again resumes (Ctrl-C before the first step, during the checks or the
   * backup, ends the process at once: nothing was written)
   */
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
