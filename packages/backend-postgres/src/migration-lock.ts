import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@infer/core';
import { LEDGER_TABLE, type LockHolderWords, MigrationLockTimeoutError, codeOf } from '@infer/core/kit';
import type { PgTarget } from './pg-types.js';

/**
 * The advisory lock key: the first 8 bytes of SHA-256("schema_migrations") as a signed 64-bit
 * integer. Fixed, so every process and release contends on one lock; advisory locks belong to one
 * database, so databases on the same server never block each other.
 */
export const MIGRATION_LOCK_KEY: bigint = createHash('sha256').update(LEDGER_TABLE).digest().readBigInt64BE(0);

/** Session lock (released by `pg_advisory_unlock` or disconnect) or transaction lock (released at commit). */
export type LockFunction = 'pg_advisory_lock' | 'pg_advisory_xact_lock';

/** The session that held the lock when we gave up, from pg_stat_activity. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly clientAddress: string | null;
  readonly clientPort: number | null;
  readonly user: string | null;
  readonly connectedSince: Date | null;
  readonly state: string | null;
  readonly stateSince: Date | null;
  readonly transactionSince: Date | null;
}

/**
 * Takes the migration lock inside the transaction open on `executor`, waiting at most `timeoutMs`
 * (`lock_timeout` set for this transaction only, and no `statement_timeout`, then both put back, so
 * the migration's own statements keep the transaction's settings). On timeout the transaction is
 * rolled back and the holder looked up.
 */
export async function takeMigrationLock(
  executor: SqlExecutor,
  lock: LockFunction,
  timeoutMs: number,
  target: PgTarget,
): Promise<void> {
  const [setting] = await executor.query<{ lock: string; statement: string }>(
    "SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement, " +
      "set_config('lock_timeout', $1, true), set_config('statement_timeout', '0', true)",
    [`${Math.max(1, Math.round(timeoutMs))}ms`],
  );
  await lockThen(
    executor,
    lock,
    { lock_timeout: setting!.lock, statement_timeout: setting!.statement },
    timeoutMs,
    target,
  );
}

/**
 * The transaction lock in one round trip, for a transaction whose BEGIN set `lock_timeout` to
 * `timeoutMs` (the wait for the lock): takes it, then sets the migration's own `limits` for the rest
 * of the transaction. On timeout the transaction is rolled back and the holder looked up.
 */
export function takeTransactionLock(
  executor: SqlExecutor,
  timeoutMs: number,
  target: PgTarget,
  limits: Record<string, string>,
): Promise<void> {
  return lockThen(executor, 'pg_advisory_xact_lock', limits, timeoutMs, target);
}

/** The beginning of a transaction that takes the lock with {@link takeTransactionLock}. */
export function beginForLock(timeoutMs: number): string {
  return `BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`;
}

/**
 * Takes `lock`, then (in the same statement: the subquery fenced by OFFSET 0 runs first) sets each
 * of `settings` for the rest of the transaction.
 */
async function lockThen(
  executor: SqlExecutor,
  lock: LockFunction,
  settings: Record<string, string>,
  timeoutMs: number,
  target: PgTarget,
): Promise<void> {
  const names = Object.keys(settings);
  const sets = names.map((name, i) => `set_config('${name}', $${i + 2}, true)`);
  try {
    await executor.query(`SELECT ${sets.join(', ')} FROM (SELECT ${lock}($1::bigint) OFFSET 0) AS locked`, [
      MIGRATION_LOCK_KEY.toString(),
      ...names.map((name) => settings[name]),
    ]);
  } catch (error) {
    if (codeOf(error) !== '55P03') throw error;
    await executor.exec('ROLLBACK');
    const holder = await findHolder(executor);
    throw new MigrationLockTimeoutError({
      engine: 'PostgreSQL',
      type: 'postgres',
      target,
      timeoutMs,
      holder,
      describe,
    });
  }
}

/** Releases a session lock taken by {@link takeMigrationLock}. */
export async function releaseMigrationLock(executor: SqlExecutor): Promise<void> {
  await executor.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
}

/** pg_locks names a bigint advisory key by its high and low 32 bits, with objsubid 1. */
const KEY_HIGH = (BigInt.asUintN(64, MIGRATION_LOCK_KEY) >> 32n).toString();
const KEY_LOW = (BigInt.asUintN(64, MIGRATION_LOCK_KEY) & 0xffffffffn).toString();

async function findHolder(executor: SqlExecutor): Promise<LockHolder | undefined> {
  const [holder] = await executor.query<LockHolder>(
    `SELECT a.pid, a.application_name AS "applicationName", host(a.client_addr) AS "clientAddress",
            a.client_port AS "clientPort", a.usename AS "user", a.backend_start AS "connectedSince",
            a.state, a.state_change AS "stateSince", a.xact_start AS "transactionSince"
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::oid AND l.objid = $2::oid
      LIMIT 1`,
    [KEY_HIGH, KEY_LOW],
  );
  return holder;
}

function describe(holder: LockHolder): LockHolderWords {
  // Sessions of other users show only their pid unless we may read all statistics.
  const details = [
    holder.applicationName ? `application "${holder.applicationName}"` : undefined,
    holder.clientAddress
      ? `client ${endpoint(holder.clientAddress, holder.clientPort)}`
      : holder.state !== null
        ? 'client local socket'
        : undefined,
    holder.user ? `user "${holder.user}"` : undefined,
    holder.connectedSince ? `connected since ${holder.connectedSince.toISOString()}` : undefined,
    holder.transactionSince
      ? `in a transaction since ${holder.transactionSince.toISOString()}`
      : holder.state && holder.stateSince
        ? `${holder.state} since ${holder.stateSince.toISOString()}`
        : undefined,
  ].filter((part) => part !== undefined);
  return { who: `pid ${holder.pid}`, details, end: `SELECT pg_terminate_backend(${holder.pid})` };
}

function endpoint(address: string, port: number | null): string {
  if (port === null) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
