import { LockTimeoutError } from '@infer/core';
import { monotonicMs } from '@infer/core/kit';
import type BetterSqlite3 from 'better-sqlite3';

/** How long a write waits for another process's lock by default (`busy_timeout`), as earlier releases did. */
export const BUSY_TIMEOUT_MS = 30_000;

/** How long a write waits for another writer's lock before saying so on stderr. */
export const WAIT_NOTICE_MS = 1000;

/**
 * better-sqlite3 is synchronous: while SQLite's busy handler waits for a lock, no timer of this
 * thread runs. So a write first waits at most {@link WAIT_NOTICE_MS}; when it is still locked out, a
 * warning says so and the write is tried again with the rest of the configured wait.
 */
interface LockWait {
  readonly path: string;
  readonly timeoutMs: number;
  /** `PRAGMA busy_timeout = <ms>`, prepared once for the two values every write sets. */
  readonly busyTimeout: (ms: number) => void;
}

const waits = new WeakMap<BetterSqlite3.Database, LockWait>();

/**
 * Gives `db` (opened by this package) the configured wait: SQLite's own busy timeout for every
 * statement, shortened by {@link underWriteLock} around the writes that announce their wait.
 */
export function configureLockWait(db: BetterSqlite3.Database, path: string, timeoutMs: number): void {
  // db.pragma() prepares its statement at every call, and every write of a run sets the timeout twice.
  const prepared = new Map<number, BetterSqlite3.Statement>();
  const short = Math.min(timeoutMs, WAIT_NOTICE_MS);
  const busyTimeout = (ms: number) => {
    let statement = prepared.get(ms);
    if (statement === undefined) {
      statement = db.prepare(`PRAGMA busy_timeout = ${ms}`);
      if (ms === short || ms === timeoutMs) prepared.set(ms, statement);
    }
    statement.get();
  };
  waits.set(db, { path, timeoutMs, busyTimeout });
  busyTimeout(timeoutMs);
}

/**
 * Runs `write` (a statement that fails before changing anything when the lock is taken: `BEGIN
 * IMMEDIATE`, an autocommit statement), waiting up to the configured time for another writer. A
 * connection brought by the application keeps its own busy timeout.
 */
export function underWriteLock<T>(db: BetterSqlite3.Database, write: () => T): T {
  const wait = waits.get(db);
  if (!wait) return write();
  const started = monotonicMs();
  try {
    wait.busyTimeout(Math.min(wait.timeoutMs, WAIT_NOTICE_MS));
    try {
      return retryWhileBusy(write, started + Math.min(wait.timeoutMs, WAIT_NOTICE_MS));
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (wait.timeoutMs <= WAIT_NOTICE_MS) throw heldElsewhere(wait, error);
    }
    warnNow(
      `SQLite database ${wait.path} is locked by another process; waiting up to ${seconds(wait.timeoutMs)} s for it`,
    );
    wait.busyTimeout(wait.timeoutMs - WAIT_NOTICE_MS);
    try {
      return retryWhileBusy(write, started + wait.timeoutMs);
    } catch (error) {
      throw isBusy(error) ? heldElsewhere(wait, error) : error;
    }
  } finally {
    wait.busyTimeout(wait.timeoutMs);
  }
}

const SLEEP = new Int32Array(new SharedArrayBuffer(4));
const RETRY_MS = 20;

/**
 * Runs `write`, trying again while it fails busy until `deadline`. SQLite skips its busy handler
 * for some statements, which then fail at once: switching a file to WAL while another connection
 * writes it in rollback mode (a file the Go release has open) is one. The wait is synchronous, as
 * SQLite's own is.
 */
function retryWhileBusy<T>(write: () => T, deadline: number): T {
  for (;;) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error) || monotonicMs() + RETRY_MS > deadline) throw error;
      Atomics.wait(SLEEP, 0, 0, RETRY_MS);
    }
  }
}

/**
 * A process warning, emitted at once: `process.emitWarning` defers it to the next tick, which would
 * come only after the wait it announces.
 */
function warnNow(message: string): void {
  process.emit('warning', Object.assign(new Error(message), { name: 'Warning', code: 'INFER_SQLITE_WAITING' }));
}

/** `SQLITE_BUSY` and its extended codes (`SQLITE_BUSY_SNAPSHOT`...). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function heldElsewhere(wait: LockWait, cause: unknown): LockTimeoutError {
  return new LockTimeoutError(
    `another process (the Inference Gateway CLI or another infer) held SQLite database ${wait.path} for more ` +
      `than ${seconds(wait.timeoutMs)} s`,
    {
      cause,
      hint:
        'close the other program or wait for it to finish, then run this again; storage.sqlite.busy_timeout sets ' +
        'how long to wait',
    },
  );
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
