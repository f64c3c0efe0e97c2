/**
 * The few parts of mysql2's promise API this package uses, so that the rest never depends on its
 * large generic typings (and `mysql2` itself loads only when a database is first used).
 */
export interface MysqlQueryable {
  /** Client-side parameter substitution (`?`); resolves to `[rows or result header, fields]`. */
  query(sql: string, values?: unknown): Promise<[unknown, unknown]>;
}

/** A connection checked out of a pool; `destroy()` closes it instead of returning it. */
export interface MysqlPoolConnection extends MysqlQueryable {
  release(): void;
  destroy(): void;
}

export interface MysqlPool extends MysqlQueryable {
  getConnection(): Promise<MysqlPoolConnection>;
  end(): Promise<void>;
}

/** A connection of its own, outside the pool. */
export interface MysqlConnection extends MysqlQueryable {
  end(): Promise<void>;
}

/** Where a connection goes, for messages. Never holds the password. */
export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/** The rows of a SELECT. */
export async function rowsOf<Row>(result: Promise<[unknown, unknown]>): Promise<Row[]> {
  return (await result)[0] as Row[];
}

/** The rows a statement changed (with mysql2's default FOUND_ROWS flag: the rows it matched). */
export async function affectedRowsOf(result: Promise<[unknown, unknown]>): Promise<number> {
  return ((await result)[0] as { affectedRows?: number }).affectedRows ?? 0;
}

/** The `code` of a driver or socket error (`ER_NO_SUCH_TABLE`, `ECONNREFUSED`...), through a wrapping cause. */
export function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('E_')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
