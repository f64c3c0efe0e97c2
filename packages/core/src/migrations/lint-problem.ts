import type { Migration } from './migration.js';

/** What a lint rule is about. */
export type LintRule =
  | 'version'
  | 'duplicate'
  | 'order'
  | 'missing-down'
  | 'empty'
  | 'syntax'
  | 'destructive'
  | 'transaction'
  /** A SQL migration declares a checksum that is not its text's. */
  | 'checksum'
  /** An entry of the migrations directory that is not named like a migration, or is hidden, so was ignored. */
  | 'file-name'
  /**
   * An entry named like a migration that is not a regular file (a FIFO, socket, device, directory, dangling link), so
   * was skipped.
   */
  | 'file-type'
  /**
   * A statement that reaches outside the database (another database file, a file or program of the server) without
   * `external: true`.
   */
  | 'external'
  /**
   * PostgreSQL: a statement that blocks reads or writes of a table that holds rows while it scans or
   * rewrites it (CREATE INDEX without CONCURRENTLY, ADD FOREIGN KEY without NOT VALID...); `check` names which.
   */
  | 'lock'
  /** SQLite: an ALTER TABLE form that SQLite refuses, or that fails once the table has rows; `check` names which. */
  | 'alter-table';

/** One finding of the linter; errors stop a run before anything is written, warnings do not. */
export interface LintProblem {
  /** `-` for a finding about a directory entry that holds no migration (rules `file-name`, `file-type`). */
  readonly version: string;
  readonly rule: LintRule;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Line in the migration's SQL, for statement-level findings. */
  readonly line?: number;
  /** Rules `lock` and `alter-table`: which check found it (`create-index`, `set-not-null`...; docs/guarantees.md). */
  readonly check?: string;
}

/** A finding about `migration`, its message naming the migration. */
export function problem(
  migration: Migration,
  rule: LintRule,
  severity: LintProblem['severity'],
  text: string,
): LintProblem {
  return {
    version: migration.version,
    rule,
    severity,
    message: `migration ${migration.version} (${migration.description}) ${text}`,
  };
}
