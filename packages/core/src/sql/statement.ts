import type { LockHazard } from './lock-hazard.js';

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
  /**
   * Why the statement loses data or breaks old readers (e.g. "DROP TABLE deletes a table and its rows"); `undefined` if
   * it does not.
   */
  readonly destructive: string | undefined;
  /** Why the statement cannot run inside a transaction; `undefined` if it can. */
  readonly nonTransactional: string | undefined;
  /**
   * Why the statement reaches outside the database, by the dialect's {@link ExternalStatementRule}s; `undefined` if it
   * does not.
   */
  readonly external: string | undefined;
  /**
   * Tables the statement creates, unquoted and in the case written: `users`, or `app.users` when
   * a schema is written. Temporary tables are left out: they do not outlive the session.
   */
  readonly createsTables: readonly string[];
  /**
   * What the statement does to a table that holds rows: PostgreSQL statements that block its reads
   * or writes while they scan or rewrite it, SQLite ALTER TABLE forms that fail (see `LockHazard`).
   */
  readonly lockHazards: readonly LockHazard[];
}

/**
 * A kind of statement that reaches outside the database: another database file, a file or a
 * program of the database server. Each SQL backend's migration driver lists those of its dialect
 * (`MigrationDriver.externalStatements`); a migration with one is refused unless it declares
 * `external: true`, and `infer migrate lint` never runs it.
 *
 * @example
 * { pattern: '^ COPY … TO !STDOUT', reason: 'COPY … TO a file or program writes on the database server' }
 * { pattern: 'pg_read_file(', reason: 'pg_read_file() reads a file of the database server' }
 */
export interface ExternalStatementRule {
  /**
   * What to look for in a statement's tokens (comments, strings and quoted names are never keywords):
   * - `name(`: a call of the function `name` anywhere in the statement, schema-qualified or quoted;
   * - otherwise keywords in order, space separated, at the statement's top level (outside
   *   parentheses): `^` first anchors the match at the statement's start, `…` skips any tokens,
   *   `!WORD` is one token that is not the keyword WORD. E.g. `^ ATTACH`, `INTO OUTFILE`.
   */
  readonly pattern: string;
  /** What the statement does outside the database, completing "… (line 3) reaches outside the database". */
  readonly reason: string;
}
