import type { SqlExecutor } from '@infer/core';
import { statementByStatement } from '@infer/core/kit';

/**
 * The few parts of mysql2's promise API this package uses, so that the rest never depends on its
 * large generic typings (and `mysql2` itself loads only when a database is first used).
 */
export interface MysqlQueryable {
  /** Client-side parameter substitution (`?`); resolves to `[rows or result header, fields]`. */
  query(sql: string, values?: unknown): Promise<[unknown, unknown]>;
}

/** A connection checked out of a pool; `destroy()` closes it instead of returning it. */
export interface MysqlClient extends MysqlQueryable {
  release(): void;
  destroy(): void;
}

export interface MysqlPool extends MysqlQueryable {
  getConnection(): Promise<MysqlClient>;
  end(): Promise<void>;
}

/** A connection of its own, outside the pool. */
export interface MysqlConnection extends MysqlQueryable {
  end(): Promise<void>;
}

/**
 * The kit's executor over mysql2: scripts statement by statement (one statement per call), so a
 * failure names the statement and the earlier ones MariaDB's implicit commits keep.
 */
export function mysqlExecutor(connection: MysqlQueryable): SqlExecutor {
  const rows = async (sql: string, params: readonly unknown[] = []) => (await connection.query(sql, [...params]))[0];
  return statementByStatement(
    {
      exec: async (sql) => void (await connection.query(sql)),
      query: async <Row>(sql: string, params?: readonly unknown[]) => (await rows(sql, params)) as Row[],
      // With mysql2's default FOUND_ROWS flag: the rows a statement matched.
      run: async (sql, params) => ((await rows(sql, params)) as { affectedRows?: number }).affectedRows ?? 0,
    },
    { sqlDialect: 'mysql', engine: 'MariaDB' },
  );
}
