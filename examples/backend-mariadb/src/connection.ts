import { isInferError } from '@infer/core';
import type { MariadbConfig } from './config.js';
import { connectionFailure } from './connection-errors.js';
import type { MysqlConnection, MysqlPool, MysqlPoolConnection, MysqlQueryable, MysqlTarget } from './mysql-types.js';

/**
 * The pool of one database, created on first use (mysql2 loads only then). Every failure to
 * connect becomes a one-line `ConnectionError`; other errors pass through unchanged.
 */
export class MariadbConnection implements MysqlQueryable {
  readonly target: MysqlTarget;
  readonly #config: MariadbConfig;
  #pool: Promise<MysqlPool> | undefined;
  #ended = false;

  constructor(config: MariadbConfig) {
    this.#config = config;
    this.target = Object.freeze({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.username,
    });
  }

  async query(sql: string, values?: unknown): Promise<[unknown, unknown]> {
    const pool = await this.#getPool();
    try {
      return await pool.query(sql, values);
    } catch (error) {
      throw this.describe(error);
    }
  }

  /** A dedicated connection of the pool; give it back with `release()`, or `destroy()` it. */
  async connect(): Promise<MysqlPoolConnection> {
    const pool = await this.#getPool();
    try {
      return await pool.getConnection();
    } catch (error) {
      throw this.describe(error);
    }
  }

  /**
   * Runs `work` in one transaction on its own connection, or on `connection` when given. Committed
   * when it resolves, rolled back when it throws; DDL in it commits at once all the same (MariaDB).
   */
  async transaction<T>(work: (connection: MysqlQueryable) => Promise<T>, connection?: MysqlPoolConnection): Promise<T> {
    const used = connection ?? (await this.connect());
    let broken = false;
    try {
      await used.query('START TRANSACTION');
      const result = await work(used);
      await used.query('COMMIT');
      return result;
    } catch (error) {
      await used.query('ROLLBACK').catch(() => (broken = true));
      throw this.describe(error);
    } finally {
      if (!connection) broken ? used.destroy() : used.release();
    }
  }

  /**
   * A connection outside the pool and without a current database, for `scratch()`, which creates
   * and drops a database of its own. End it yourself.
   */
  async standalone(): Promise<MysqlConnection> {
    const mysql = await import('mysql2/promise');
    try {
      return (await mysql.createConnection({ ...this.#options(), database: undefined })) as unknown as MysqlConnection;
    } catch (error) {
      throw this.describe(error);
    }
  }

  /** The `ConnectionError` an error stands for, or the error itself. */
  describe(error: unknown): unknown {
    if (isInferError(error)) return error;
    return connectionFailure(error, this.target, this.#config.connect_timeout) ?? error;
  }

  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const pool = await this.#pool?.catch(() => undefined);
    await pool?.end();
  }

  #getPool(): Promise<MysqlPool> {
    if (this.#ended)
      return Promise.reject(new Error(`the connection to MariaDB database "${this.target.database}" is closed`));
    this.#pool ??= import('mysql2/promise').then(
      (mysql) =>
        mysql.createPool({ ...this.#options(), connectionLimit: this.#config.pool_size }) as unknown as MysqlPool,
    );
    return this.#pool;
  }

  #options() {
    const config = this.#config;
    return {
      host: config.host,
      port: config.port,
      user: config.username,
      password: config.password,
      database: config.database,
      connectTimeout: Math.round(config.connect_timeout * 1000),
      charset: 'utf8mb4_bin',
      // DATETIME columns hold UTC; read them as text so no local time zone is ever applied.
      dateStrings: true,
      timezone: 'Z',
      supportBigNumbers: true,
    };
  }
}
