import type { Socket } from 'node:net';
import { ConfigurationError, type SqlExecutor, messageOf } from '@infer/core';
import { codeOf } from '@infer/core/kit';
import type { PoolConfig } from 'pg';
import type { PostgresConnection } from './connection.js';
import type { PgPoolClient, PgQueryResult, PgTarget } from './pg-types.js';

/** How the migration lock is held in a run: `lock_mode`, or what `auto` found. */
export type RunLockMode = 'session' | 'transaction';

/** A connection of the probe's own, outside the pool (whose limit may be one connection, the lock's). */
interface ProbeClient {
  query<Row>(text: string): Promise<PgQueryResult<Row>>;
  end(): Promise<void>;
}

/**
 * The lock mode that holds through whatever sits between us and PostgreSQL, learnt on `client`
 * (the connection that would take a session lock) before any lock is taken, leaving nothing behind:
 * - PostgreSQL sees `client` coming from our own address and port: a direct connection, `session`
 *   (one round trip, the only cost on a direct connection);
 * - else a pooler may sit in between. A second connection reads `pg_backend_pid()` inside BEGIN,
 *   after `client` read it outside one (so that a transaction pooler put that server connection back):
 *   the same pid means server connections are shared between clients (transaction or statement
 *   pooling), so `transaction`; statement pooling refuses the BEGIN, a `ConfigurationError`. A
 *   different pid, and `client` still on its first backend afterwards (a pooler handing out server
 *   connections in turn would have moved it): each client keeps its backend (session pooling, a
 *   proxy), `session`.
 */
export async function fittingLockMode(
  client: PgPoolClient,
  connection: PostgresConnection,
  target: PgTarget,
): Promise<RunLockMode> {
  const executor = connection.executor(client);
  const [seen] = await executor.query<{ pid: number; address: string | null; port: number | null }>(
    'SELECT pg_backend_pid() AS pid, host(inet_client_addr()) AS address, inet_client_port() AS port',
  );
  const local = socketOf(client);
  if (seen!.port !== null && seen!.port === local?.localPort && sameAddress(seen!.address, local.localAddress)) {
    return 'session';
  }
  const other = await probeClient(connection);
  let pid: number;
  try {
    pid = await pidInTransaction(other, target);
  } finally {
    await other.end().catch(() => {});
  }
  if (pid === seen!.pid) return 'transaction';
  return (await backendPid(executor)) === seen!.pid ? 'session' : 'transaction';
}

/**
 * Before the first migration of a session-locked run, on the connection that runs it: the lock
 * must be held by the very server process the statements reach. Through a transaction pooler the
 * probe missed, it is not, and the run stops before it changes anything.
 */
export async function assertLockHeldHere(executor: SqlExecutor, key: bigint, target: PgTarget): Promise<void> {
  const [lock] = await executor.query<{ here: boolean; holder: number | null }>(
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
      : `; the lock taken stays on server process ${holder} until it ends: SELECT pg_terminate_backend(${holder})`;
  return new ConfigurationError(
    `${where(target)} is reached through a pooler that shares server connections between clients (PgBouncer's ` +
      'transaction pooling), where lock_mode "session" cannot hold the migration lock',
    { hint: `set storage.postgres.lock_mode: transaction (or auto, which chooses by itself)${leftover}` },
  );
}

function statementPooling(target: PgTarget, cause: unknown): ConfigurationError {
  return new ConfigurationError(
    `${where(target)} is reached through a pooler in statement pooling (PgBouncer's pool_mode = statement), which ` +
      'refuses the transactions every migration and every save runs in',
    { hint: 'use transaction pooling (pool_mode = transaction) for this database, or connect directly', cause },
  );
}

function where({ host, port, database }: PgTarget): string {
  return `PostgreSQL at ${host}:${port}, database "${database}",`;
}

async function backendPid(queryable: SqlExecutor): Promise<number> {
  const [row] = await queryable.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return row!.pid;
}

/** `pg_backend_pid()` inside a transaction that is rolled back; statement pooling refuses the BEGIN. */
async function pidInTransaction(client: ProbeClient, target: PgTarget): Promise<number> {
  try {
    await client.query('BEGIN');
  } catch (error) {
    if (codeOf(error) === '08P01' && /statement pooling/i.test(messageOf(error))) {
      throw statementPooling(target, error);
    }
    throw error;
  }
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await client.query('ROLLBACK');
  return rows[0]!.pid;
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

/** The socket of a node-postgres connection, to compare with the address PostgreSQL sees. */
function socketOf(client: PgPoolClient): Socket | undefined {
  return (client as { connection?: { stream?: Socket } }).connection?.stream;
}

function sameAddress(seen: string | null, local: string | undefined): boolean {
  return seen !== null && local !== undefined && seen === local.replace(/^::ffff:/, '');
}
