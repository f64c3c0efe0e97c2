import { type SqlExecutor, messageOf } from '@infer/core';
import { type MysqlQueryable, affectedRowsOf, rowsOf } from './mysql-types.js';

/** Statements after which MariaDB and MySQL commit implicitly (and before which, too). */
const IMPLICIT_COMMIT = /^(CREATE|ALTER|DROP|RENAME|TRUNCATE)\b(?!\s+TEMPORARY\b)/i;

/**
 * A statement of a multi-statement script failed. MariaDB has already committed every statement up
 * to the last DDL before it, whatever transaction it ran in: the message says exactly which stay.
 */
export class ScriptError extends Error {
  /** Statements of the script that stay applied (committed implicitly by a DDL statement). */
  readonly statementsCommitted: number;
  constructor(cause: unknown, failed: { index: number; total: number; line: number }, committed: number) {
    const stays =
      committed === 0
        ? ''
        : `; ${committed === 1 ? 'statement 1 stays' : `statements 1-${committed} stay`} applied, since MariaDB ` +
          'commits DDL (CREATE, ALTER, DROP, RENAME, TRUNCATE) at once and cannot roll it back';
    super(`statement ${failed.index + 1} of ${failed.total} (line ${failed.line}): ${messageOf(cause)}${stays}`, {
      cause,
    });
    this.name = 'ScriptError';
    this.statementsCommitted = committed;
  }
}

/**
 * Runs a script statement by statement (split by core's MySQL-aware splitter), so that a failure
 * can say which statement failed and which earlier ones MariaDB has committed regardless.
 */
export async function runScript(connection: MysqlQueryable, sql: string): Promise<void> {
  const { splitStatements } = await import('@infer/core/sql');
  const statements = splitStatements(sql, 'mysql');
  let committed = 0;
  for (const [index, statement] of statements.entries()) {
    try {
      await connection.query(statement.text);
    } catch (error) {
      if (statements.length === 1) throw error;
      throw new ScriptError(error, { index, total: statements.length, line: statement.line }, committed);
    }
    if (IMPLICIT_COMMIT.test(statement.text)) committed = index + 1;
  }
}

/** The migration engine's executor over one connection (or the pool). */
export function executorOf(connection: MysqlQueryable): SqlExecutor {
  return {
    exec: (sql) => runScript(connection, sql),
    query: <Row>(sql: string, params: readonly unknown[] = []) => rowsOf<Row>(connection.query(sql, [...params])),
    run: (sql, params = []) => affectedRowsOf(connection.query(sql, [...params])),
  };
}
