import { isInferError, messageOf } from '@infer/core';
import type { PoolConfig } from 'pg';
import type { PostgresConfig } from './config.js';
import { QUERY_TIMED_OUT, connectionFailure, isTlsRefused } from './connection-errors.js';
import { poolConfig, targetOf } from './connection-options.js';
import type { PgDriverQueryable, PgPool, PgPoolClient, PgQueryResult, PgTarget } from './pg-types.js';

/** Connections that already carry the listener of {@link survivesServerLoss}: pools hand one out many times. */
const listening = new WeakSet<PgPoolClient>();

/**
 * A checked-out connection whose server goes away (stopped, restarted, the network cut) emits
 * 'error' on itself: pg-pool listens only while a connection is idle in the pool, and with no
 * listener Node ends the whole process with a stack trace. The same failure already rejects the
 * query in flight, and every later query on that connection fails at once ("not queryable"), so
 * the event itself carries nothing more to handle.
 */
function survivesServerLoss(client: PgPoolClient): PgPoolClient {
  if (!listening.has(client) && typeof client.on === 'function') {
    listening.add(client);
    client.on('error', () => {});
  }
  return client;
}

/**
 * One way to reach a database: a pool this package creates from the configuration on first use
 * (the `pg` module itself loads only then), or an application's own pool, which is never ended.
 * Every failure to connect becomes a one-line `ConnectionError`; other errors pass through.
 */
export class PostgresConnection {
  readonly target: PgTarget;
  readonly #config: PostgresConfig | undefined;
  #pool: Promise<PgPool> | undefined;
  #ended = false;

  private constructor(target: PgTarget, config: PostgresConfig | undefined, pool: PgPool | undefined) {
    this.target = Object.freeze(target);
    this.#config = config;
    this.#pool = pool && Promise.resolve(pool);
  }

  static fromConfig(config: PostgresConfig): PostgresConnection {
    return new PostgresConnection(targetOf(config), config, undefined);
  }

  /** An application's pool; its own options name the target in messages when it has them. */
  static fromPool(pool: PgPool): PostgresConnection {
    const options =
      (pool as { options?: { host?: string; port?: number; database?: string; user?: string } }).options ?? {};
    const target = {
      host: options.host ?? 'localhost',
      port: options.port ?? 5432,
      database: options.database ?? '(default)',
      user: options.user ?? '(default)',
    };
    return new PostgresConnection(target, undefined, pool);
  }

  /** True when `end()` ends the pool (this package created it). */
  get ownsPool(): boolean {
    return this.#config !== undefined;
  }

  /** A storage query, on whichever pooled connection is free, answered within `query_timeout`. */
  async query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<Row>> {
    const pool = await this.pool();
    try {
      // A query that times out fails its connection, which pg-pool then destroys, not reuses.
      return await this.#timed<Row>(pool, text, values);
    } catch (error) {
      throw this.describe(error);
    }
  }

  /** A dedicated connection; release it with `client.release()` (or `release(true)` when it broke). */
  async connect(): Promise<PgPoolClient> {
    const pool = await this.pool();
    try {
      return survivesServerLoss(await pool.connect());
    } catch (error) {
      throw this.describe(error);
    }
  }

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. On a
   * connection of its own, or on `client` when given (which then stays checked out). No deadline:
   * a migration's statements take as long as they take.
   */
  async transaction<T>(work: (client: PgPoolClient) => Promise<T>, client?: PgPoolClient): Promise<T> {
    return this.#inTransaction(work, client, (connection, text) => connection.query(text));
  }

  /** A storage write: `work` queries through `query`, and every statement is answered within `query_timeout`. */
  async timedTransaction<T>(
    work: (query: (text: string, values?: unknown[]) => Promise<PgQueryResult<unknown>>) => Promise<T>,
  ): Promise<T> {
    const timed = (connection: PgPoolClient, text: string, values?: unknown[]) => this.#timed(connection, text, values);
    return this.#inTransaction(
      (connection) => work((text, values) => timed(connection, text, values)),
      undefined,
      timed,
    );
  }

  async #inTransaction<T>(
    work: (client: PgPoolClient) => Promise<T>,
    client: PgPoolClient | undefined,
    statement: (connection: PgPoolClient, text: string) => Promise<unknown>,
  ): Promise<T> {
    const connection = client ?? (await this.connect());
    let broken = false;
    try {
      await statement(connection, 'BEGIN');
      const result = await work(connection);
      await statement(connection, 'COMMIT');
      return result;
    } catch (error) {
      // A connection of ours that timed out still waits for its answer, and one that cannot even
      // roll back is no better: either is dropped rather than returned to the pool (the server
      // rolls back). The caller's connection stays in use: its transaction must end here.
      if (!client && messageOf(error) === QUERY_TIMED_OUT) broken = true;
      else await statement(connection, 'ROLLBACK').catch(() => (broken = true));
      throw this.describe(error);
    } finally {
      if (!client) connection.release(broken);
    }
  }

  /**
   * `text` on `target`, answered within `storage.postgres.query_timeout`; an application's own
   * pool keeps its own settings (and is called as it always was, with text and values).
   */
  #timed<Row>(target: PgDriverQueryable, text: string, values?: unknown[]): Promise<PgQueryResult<Row>> {
    const deadline = this.#config?.query_timeout;
    if (deadline === undefined) return target.query<Row>(text, values);
    return target.query<Row>({ text, values, query_timeout: Math.max(1, Math.round(deadline * 1000)) });
  }

  /** The `ConnectionError` an error stands for, or the error itself when it is not about connecting. */
  describe(error: unknown): unknown {
    if (isInferError(error)) return error;
    const config = this.#config;
    const context = {
      target: this.target,
      connectTimeoutSeconds: config?.connect_timeout,
      queryTimeoutSeconds: config?.query_timeout,
      password: config?.password,
    };
    return connectionFailure(error, context) ?? error;
  }

  /** Ends the pool if this package created it; an application's pool is left to the application. */
  async end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    if (!this.ownsPool || this.#pool === undefined) return;
    const pool = await this.#pool.catch(() => undefined);
    await pool?.end();
  }

  /** The pool, created on first use; a failed creation is retried by the next call. */
  pool(): Promise<PgPool> {
    if (this.#ended)
      return Promise.reject(new Error(`the connection to PostgreSQL database "${this.target.database}" is closed`));
    this.#pool ??= this.#createPool().catch((error: unknown) => {
      this.#pool = undefined;
      throw this.describe(error);
    });
    return this.#pool;
  }

  async #createPool(): Promise<PgPool> {
    const config = this.#config!;
    const { default: pg } = await import('pg');
    const create = (options: PoolConfig): PgPool => {
      const pool = new pg.Pool(options);
      // An idle connection that dies (server restart) is dropped by the pool and the next query
      // reconnects; without a listener, Node would end the process on that 'error' event.
      pool.on('error', () => {});
      return pool;
    };
    const options = poolConfig(config);
    const pool = create(options);
    if (config.ssl_mode !== 'prefer') return pool;
    // libpq's prefer: TLS when the server offers it, else plain. Learnt once per pool; the probing
    // connection stays in the pool, so a server with TLS costs nothing extra.
    try {
      (await pool.connect()).release();
      return pool;
    } catch (error) {
      await pool.end();
      if (!isTlsRefused(error)) throw error;
      return create({ ...options, ssl: false });
    }
  }
}
