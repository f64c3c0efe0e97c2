/** The SQL dialects whose migration text this module reads. */
export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';

/**
 * One statement of a migration's SQL text, without its terminating `;` and without the comments
 * and blank lines before it.
 *
 * @example
 * // splitStatements('-- users\nCREATE TABLE users (id INT);\nDROP TABLE old', 'sqlite')
 * [
 *   { text: 'CREATE TABLE users (id INT)', start: 9, end: 36, line: 2 },
 *   { text: 'DROP TABLE old', start: 38, end: 52, line: 3 },
 * ]
 */
export interface SqlStatement {
  readonly text: string;
  /** Offset of the statement's first character in the migration text: `sql.slice(start, end) === text`. */
  readonly start: number;
  /** Offset just after its last character (before the `;`). */
  readonly end: number;
  /** 1-based line of `start`, for messages such as "003_users.sql:12: DROP TABLE". */
  readonly line: number;
}

/** What the migration linter and the baseline command need to know about one statement. */
export interface StatementFacts {
  /** Why the statement loses data or breaks old readers (e.g. "DROP TABLE deletes a table and its rows"); `undefined` if it does not. */
  readonly destructive: string | undefined;
  /** Why the statement cannot run inside a transaction; `undefined` if it can. */
  readonly nonTransactional: string | undefined;
  /**
   * Tables the statement creates, unquoted and in the case written: `users`, or `app.users` when
   * a schema is written. Temporary tables are left out: they do not outlive the session.
   */
  readonly createsTables: readonly string[];
}
