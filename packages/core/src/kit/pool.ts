import { isInferError } from '../errors.js';
import type { SqlExecutor } from '../migrations/driver.js';

/** What {@link ConnectionPool} needs of a database driver's pool. */
export interface PoolDriver<Pool, Client> {
  /** Creates the pool. Import the driver here (`await import('mysql2/promise')`): it loads on first use only. */
  createPool(): Promise<Pool>;
  /** A connection of its own, checked out of the pool. */
  acquire(pool: Pool): Promise<Client>;
  /** Gives a connection back; `broken` (it could not even roll back): closes it instead. */
  release(client: Client, broken: boolean): void;
  endPool(pool: Pool): Promise<void>;
  /** The kit's executor over the pool (any free connection) or one connection. */
  executor(queryable: Pool | Client): SqlExecutor;
  /** What an error stands for: usually `connectionFailure(error, …) ?? error`. */
  describe(error: unknown): unknown;
  /**
   * Whether `error` (as `describe` returned it) leaves a connection unable even to roll back: a
   * statement past its deadline that still awaits its answer would hold a ROLLBACK behind it. A
   * transaction on a connection of its own then closes it instead (the server rolls back). Default: never.
   */
  abandons?(error: unknown): boolean;
  /** The statement that opens a transaction. Default `BEGIN`; MySQL: `START TRANSACTION`. */
  readonly begin?: string;
  /** What the pool reaches, for the error of a use after `end()`: `MariaDB database "infer"`. */
  readonly name: string;
}

/**
 * The pool of one database, created on first use (so the driver loads only then), with every
 * failure described by the driver's `describe` (a one-line `ConnectionError` for a failure to
 * connect). It is an executor itself, on whichever connection is free, and runs transactions on a
 * connection of their own or on one the caller holds (the connection holding a migration lock).
 *
 * @example
 * const pool = new ConnectionPool({
 *   name: `MariaDB database "${config.database}"`, begin: 'START TRANSACTION',
 *   createPool: async () => (await import('mysql2/promise')).createPool({ ... }),
 *   acquire: (pool) => pool.getConnection(), release: (c, broken) => (broken ? c.destroy() : c.release()),
 *   endPool: (pool) => pool.end(), executor: mysqlExecutor, describe: (error) => connectionFailure(error, …) ?? error,
 * });
 * await pool.transaction(async (executor) => executor.run('DELETE FROM t WHERE id = ?', [id]));
 */
export class ConnectionPool<Pool, Client> implements SqlExecutor {
  readonly #driver: PoolDriver<Pool, Client>;
  #pool: Promise<Pool> | undefined;
  #ended = false;

  constructor(driver: PoolDriver<Pool, Client>) {
    this.#driver = driver;
  }

  exec(sql: string): Promise<void> {
    return this.#onPool((executor) => executor.exec(sql));
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.#onPool((executor) => executor.query<Row>(sql, params));
  }

  run(sql: string, params?: readonly unknown[]): Promise<number> {
    return this.#onPool((executor) => executor.run(sql, params));
  }

  /** A connection of its own; give it back with {@link release}. */
  async acquire(): Promise<Client> {
    const pool = await this.pool();
    return this.#described(() => this.#driver.acquire(pool));
  }

  release(client: Client, broken = false): void {
    this.#driver.release(client, broken);
  }

  /** The executor of one connection, its failures described. */
  executor(client: Client): SqlExecutor {
    return this.#describing(this.#driver.executor(client));
  }

  /**
   * Runs `work` in one transaction, on a connection of its own or on `client` (which stays checked
   * out): committed when it resolves, rolled back when it throws (and the error rethrown,
   * described). A connection of its own that cannot roll back is closed, not given back. `begin`:
   * a script that opens it instead of the driver's statement, with settings local to it
   * (`BEGIN; SET LOCAL lock_timeout = 5000`) in the same round trip.
   */
  async transaction<T>(
    work: (executor: SqlExecutor, client: Client) => Promise<T>,
    client?: Client,
    begin?: string,
  ): Promise<T> {
    const used = client ?? (await this.acquire());
    const executor = this.executor(used);
    let broken = false;
    // `run`: one statement, never a script for an executor that splits scripts.
    try {
      await (begin === undefined ? executor.run(this.#driver.begin ?? 'BEGIN') : executor.exec(begin));
      const result = await work(executor, used);
      await executor.run('COMMIT');
      return result;
    } catch (error) {
      if (client === undefined && this.#driver.abandons?.(error)) broken = true;
      else await executor.run('ROLLBACK').catch(() => (broken = true));
      throw this.describe(error);
    } finally {
      if (client === undefined) this.release(used, broken);
    }
  }

  /** Ends the pool once; later uses fail. */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const pool = await this.#pool?.catch(() => undefined);
    if (pool !== undefined) await this.#driver.endPool(pool);
  }

  /** The driver's pool, created on first use; a failed creation is retried by the next call. */
  pool(): Promise<Pool> {
    if (this.#ended) return Promise.reject(new Error(`the connection to ${this.#driver.name} is closed`));
    this.#pool ??= this.#driver.createPool().catch((error: unknown) => {
      this.#pool = undefined;
      throw this.describe(error);
    });
    return this.#pool;
  }

  async #onPool<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const pool = await this.pool();
    return this.#described(() => work(this.#driver.executor(pool)));
  }

  async #described<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.describe(error);
    }
  }

  /** What an error stands for: infer's own errors (described already) as they are, any other as the driver says. */
  describe(error: unknown): unknown {
    return isInferError(error) ? error : this.#driver.describe(error);
  }

  #describing(executor: SqlExecutor): SqlExecutor {
    return {
      exec: (sql) => this.#described(() => executor.exec(sql)),
      query: (sql, params) => this.#described(() => executor.query(sql, params)),
      run: (sql, params) => this.#described(() => executor.run(sql, params)),
    };
  }
}
