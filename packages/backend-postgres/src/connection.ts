import type { SqlExecutor } from '@infer/core';
import { ConnectionPool, type PoolDriver } from '@infer/core/kit';
import type { PoolConfig } from 'pg';
import type { PostgresConfig } from './config.js';
import { isQueryTimeout, isTlsRefused, pgConnectionFailure } from './connection-errors.js';
import { poolConfig, targetOf } from './connection-options.js';
import type { PgDriverQueryable, PgPool, PgPoolClient, PgTarget } from './pg-types.js';

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
 * The kit's executor over a node-postgres pool or connection; with `deadlineSeconds`, every
 * statement is answered within it (`query_timeout`). A failing statement inside a transaction
 * aborts it, as it should.
 */
export function executorOf(queryable: PgDriverQueryable, deadlineSeconds?: number): SqlExecutor {
  const queryTimeout = deadlineSeconds === undefined ? undefined : Math.max(1, Math.round(deadlineSeconds * 1000));
  const send = <Row>(text: string, values?: unknown[]) =>
    queryTimeout === undefined
      ? queryable.query<Row>(text, values)
      : queryable.query<Row>({ text, values, query_timeout: queryTimeout });
  return {
    exec: async (sql) => void (await send(sql)),
    query: async <Row>(sql: string, params: readonly unknown[] = []) => (await send<Row>(sql, [...params])).rows,
    run: async (sql, params = []) => (await send(sql, [...params])).rowCount ?? 0,
  };
}

/**
 * One way to reach a database: a pool this package creates from the configuration on first use
 * (the `pg` module itself loads only then), or an application's own pool, which is never ended.
 * As a `ConnectionPool` it runs migrations, whose statements take as long as they take;
 * {@link storage} runs storage statements, each answered within `query_timeout`. Every failure to
 * connect becomes a one-line `ConnectionError`; other errors pass through.
 */
export class PostgresConnection extends ConnectionPool<PgPool, PgPoolClient> {
  readonly target: PgTarget;
  /** The same pool for storage operations: every statement answered within `query_timeout`. */
  readonly storage: ConnectionPool<PgPool, PgPoolClient>;

  private constructor(target: PgTarget, config: PostgresConfig | undefined, pool: PgPool | undefined) {
    const driver: PoolDriver<PgPool, PgPoolClient> = {
      name: `PostgreSQL database "${target.database}"`,
      createPool: pool ? async () => pool : () => createPool(config!),
      acquire: async (created) => survivesServerLoss(await created.connect()),
      release: (client, broken) => client.release(broken),
      endPool: async (created) => {
        if (!pool) await created.end();
      },
      executor: (queryable) => executorOf(queryable),
      describe: (error) =>
        pgConnectionFailure(error, {
          target,
          connectTimeoutSeconds: config?.connect_timeout,
          queryTimeoutSeconds: config?.query_timeout,
          password: config?.password,
        }) ?? error,
    };
    super(driver);
    this.target = Object.freeze(target);
    this.storage = new ConnectionPool({
      ...driver,
      createPool: () => this.pool(),
      endPool: async () => {},
      // An application's own pool keeps its own settings.
      executor: (queryable) => executorOf(queryable, config?.query_timeout),
      // A connection that timed out still waits for its answer: dropped rather than returned to the pool.
      abandons: isQueryTimeout,
    });
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

  /** Ends the pool if this package created it; an application's pool is left to the application. */
  override async end(): Promise<void> {
    await this.storage.end();
    await super.end();
  }
}

async function createPool(config: PostgresConfig): Promise<PgPool> {
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
