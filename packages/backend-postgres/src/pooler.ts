import { ConfigurationError, type SqlExecutor, messageOf } from '@infer/core';
import { codeOf } from '@infer/core/kit';
import type { PoolConfig } from 'pg';
import type { LockMode } from './config.js';
import type { PostgresConnection } from './connection.js';
import type { PgPoolClient, PgQueryResult, PgTarget } from './pg-types.js';

/** How the migration lock is held in a run: `lock_mode`, or what `auto` found. */
export type RunLockMode = 'session' | 'transaction';

/** What the probe found: the run's lock mode, and whether a pooler (or another proxy) sits in between. */
export interface LockFit {
  readonly mode: RunLockMode;
  readonly pooled: boolean;
}

/** A connection of the probe's own, outside the pool (whose limit may be one connection, the lock's). */
interface ProbeClient {
  query<Row>(text: string): Promise<PgQueryResult<Row>>;
  end(): Promise<void>;
}

/**
 * The lock mode that holds for `setting` through whatever sits between us and PostgreSQL, learnt on
 * `client` (the connection that would take a session lock) before any lock is taken, leaving
 * nothing behind; a `ConfigurationError` where none can.
 * - The cancel key PostgreSQL gave `client` names the server process its statements reach: nothing
 *   sits in between (or a proxy that passes every connection through whole), `session`. One round
 *   trip, the only cost on a direct connection.
 * - A pooler hands out cancel keys of its own. Transaction pooling cannot be told from session
 *   pooling for sure (a transaction pooler without other clients gives a client the same server
 *   connection every time), so `auto` takes the transaction lock, which holds under any pooler,
 *   after a BEGIN that statement pooling refuses.
 * - `session` behind a pooler: refused where server connections are seen shared (see
 *   {@link sharesServers}); the lock's holder is checked again once taken (see {@link assertLockHeldHere}).
 */
export async function fittingLockMode(
  setting: Exclude<LockMode, 'transaction'>,
  client: PgPoolClient,
  connection: PostgresConnection,
  target: PgTarget,
): Promise<LockFit> {
  const executor = connection.executor(client);
  const pid = await backendPid(executor);
  if ((client as { processID?: number }).processID === pid) return { mode: 'session', pooled: false };
  if (setting === 'auto') {
    await refusingStatementPooling(target, async () => {
      await client.query('BEGIN');
      await client.query('ROLLBACK');
    });
    return { mode: 'transaction', pooled: true };
  }
  if (await sharesServers(pid, executor, connection, target)) throw sessionLockThroughPooler(target);
  return { mode: 'session', pooled: true };
}

/**
 * After `client` read its server process (`pid`) outside a transaction, so that a transaction
 * pooler put that server connection back, a connection of the probe's own reads its own inside
 * BEGIN: the same one means server connections are shared between clients. A different one, then
 * `client` on another server process than before (a pooler moved it), means the same.
 */
async function sharesServers(
  pid: number,
  executor: SqlExecutor,
  connection: PostgresConnection,
  target: PgTarget,
): Promise<boolean> {
  const other = await probeClient(connection);
  let otherPid: number;
  try {
    otherPid = await refusingStatementPooling(target, async () => {
      await other.query('BEGIN');
      const { rows } = await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await other.query('ROLLBACK');
      return rows[0]!.pid;
    });
  } finally {
    await other.end().catch(() => {});
  }
  return otherPid === pid || (await backendPid(executor)) !== pid;
}

/**
 * Once a session lock is taken through a pooler, on the connection that runs the migrations: the
 * lock must be held by the very server process its statements reach. Through a transaction pooler
 * the probe took for a session pooler, it is not, and the run stops before any migration.
 */
export async function assertLockHeldHere(executor: SqlExecutor, key: bigint, target: PgTarget): Promise<void> {
  const [lock] = await executor.query<{ here: boolean | null; holder: number | null }>(
    `SELECT bool_or(l.pid = pg_backend_pid()) AS here, min(l.pid) AS holder
       FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::oid AND l.objid = $2::oid`,
    [(BigInt.asUintN(64, key) >> 32n).toString(), (BigInt.asUintN(64, key) & 0xffffffffn).toString()],
  );
  if (lock?.here !== true) throw sessionLockThroughPooler(target, lock?.holder ?? undefined);
}

/** `lock_mode: session` where server connections are shared between clients. */
export function sessionLockThroughPooler(target: PgTarget, holder?: number): ConfigurationError {
  const leftover =
    holder === undefined
      ? ''
      : `; the lock it took stays with server process ${holder} until that ends: ` +
        `SELECT pg_terminate_backend(${holder})`;
  return new ConfigurationError(
    `${where(target)} is reached through a pooler that shares server connections between clients (PgBouncer's ` +
      'transaction pooling), where lock_mode "session" cannot hold the migration lock',
    { hint: `set storage.postgres.lock_mode: transaction (or auto, which chooses by itself)${leftover}` },
  );
}

/** What `work` returns; statement pooling's refusal of a transaction block as a `ConfigurationError`. */
async function refusingStatementPooling<T>(target: PgTarget, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (codeOf(error) !== '08P01' || !/statement pooling/i.test(messageOf(error))) throw error;
    throw new ConfigurationError(
      `${where(target)} is reached through a pooler in statement pooling (PgBouncer's pool_mode = statement), ` +
        'which refuses the transactions every migration and every save runs in',
      {
        hint: 'use transaction pooling (pool_mode = transaction) for this database, or connect directly',
        cause: error,
      },
    );
  }
}

function where({ host, port, database }: PgTarget): string {
  return `PostgreSQL at ${host}:${port}, database "${database}",`;
}

async function backendPid(executor: SqlExecutor): Promise<number> {
  const [row] = await executor.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return row!.pid;
}

/**
 * node-postgres's pool keeps its options: a client of the same settings outside it. Another kind of
 * pool lends one of its own connections, closed afterwards rather than put back.
 */
async function probeClient(connection: PostgresConnection): Promise<ProbeClient> {
  const pool = await connection.pool();
  const options = (pool as { options?: PoolConfig }).options;
  try {
    if (options === undefined) {
      const lent = await pool.connect();
      lent.on?.('error', () => {});
      return { query: (text) => lent.query(text), end: async () => lent.release(true) };
    }
    const { default: pg } = await import('pg');
    const client = new pg.Client(options);
    client.on('error', () => {}); // statement pooling closes the connection after refusing BEGIN
    await client.connect();
    return client;
  } catch (error) {
    throw connection.describe(error);
  }
}
