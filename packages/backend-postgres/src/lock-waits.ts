import { setTimeout as sleep } from 'node:timers/promises';
import type { MigrationStepOptions, SqlExecutor } from '@infer/core';
import { codeOf } from '@infer/core/kit';
import { BlockerWatch } from './blocker.js';
import { MigrationLockWaitError } from './lock-wait-error.js';
import type { PgTarget } from './pg-types.js';

/** SQLSTATE lock_not_available: a statement gave up waiting for a lock (lock_timeout, NOWAIT). */
const LOCK_NOT_AVAILABLE = '55P03';

/** The longest pause between two attempts of a migration. */
const MAX_PAUSE_MS = 10_000;

/** The first pause when there is no lock_timeout to scale it by (a NOWAIT statement). */
const MIN_PAUSE_MS = 100;

export interface LockWaitSettings {
  /** `migration_lock_timeout`: how long one statement may wait for a lock, in seconds; 0: no limit. */
  readonly lockTimeoutSeconds: number;
  /** `migration_lock_retries`: attempts after the first. */
  readonly retries: number;
}

/**
 * How a PostgreSQL migration keeps its lock waits short: every migration transaction opens with
 * `SET LOCAL lock_timeout` (and `statement_timeout` when the migration has one), in the round trip of
 * its BEGIN, so nothing outlives the transaction on a pooled connection. A statement that times out
 * waiting rolls its migration back, which then runs again from its start in a fresh transaction,
 * after a pause that doubles each time (from one lock_timeout, at most 10 s) with jitter. The last
 * attempt watches for the session it waits for, on another pooled connection; earlier attempts cost
 * nothing beyond the settings.
 */
export class MigrationLockWaits {
  readonly #settings: LockWaitSettings;
  readonly #lockTimeoutMs: number;
  readonly #pool: SqlExecutor;
  readonly #target: PgTarget;

  constructor(settings: LockWaitSettings, pool: SqlExecutor, target: PgTarget) {
    this.#settings = settings;
    this.#lockTimeoutMs = milliseconds(settings.lockTimeoutSeconds);
    this.#pool = pool;
    this.#target = target;
  }

  /** The script that opens a migration's transaction: BEGIN and its {@link limits}, in one round trip. */
  begin(options?: MigrationStepOptions): string {
    return [
      'BEGIN',
      ...Object.entries(this.limits(options)).map(([name, value]) => `SET LOCAL ${name} = ${value}`),
    ].join('; ');
  }

  /**
   * The migration's own limits, in milliseconds: lock_timeout, and statement_timeout when it has one.
   * With the transaction lock, the lock's statement sets them (see `takeTransactionLock`).
   */
  limits(options?: MigrationStepOptions): Record<string, string> {
    const statement = options?.statementTimeoutSeconds;
    return {
      lock_timeout: String(this.#lockTimeoutMs),
      ...(statement === undefined ? {} : { statement_timeout: String(milliseconds(statement)) }),
    };
  }

  /**
   * Runs `attempt` (one transaction) until it does not fail for want of a lock, at most
   * `retries` + 1 times. `attempt` runs the migration through `guard`, which on the last attempt
   * names the session waited for, in a {@link MigrationLockWaitError}.
   */
  async run<T>(options: MigrationStepOptions | undefined, attempt: (guard: Guard) => Promise<T>): Promise<T> {
    const { retries } = this.#settings;
    for (let retry = 0; retry < retries; retry++) {
      try {
        return await attempt((_executor, work) => work());
      } catch (error) {
        if (codeOf(error) !== LOCK_NOT_AVAILABLE) throw error;
      }
      const delayMs = this.#pause(retry);
      options?.onRetry?.({ attempt: retry + 1, attempts: retries + 1, reason: this.#reason(), delayMs });
      await sleep(delayMs);
    }
    return attempt((executor, work) => this.#watched(executor, work, options));
  }

  /**
   * Runs `work` on `session` (a migration outside a transaction) with the same limits, set for the
   * session and put back afterwards. A statement that times out is not retried: those before it stay.
   */
  async outsideTransaction<T>(
    session: SqlExecutor,
    options: MigrationStepOptions | undefined,
    work: () => Promise<T>,
  ): Promise<T> {
    const statement = options?.statementTimeoutSeconds;
    const [previous] = await session.query<{ lock: string; statement: string }>(
      "SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement",
    );
    await setTimeouts(session, `${this.#lockTimeoutMs}`, statement === undefined ? undefined : milliseconds(statement));
    try {
      return await work();
    } finally {
      await setTimeouts(session, previous!.lock, previous!.statement);
    }
  }

  async #watched<T>(executor: SqlExecutor, work: () => Promise<T>, options?: MigrationStepOptions): Promise<T> {
    const watch =
      this.#lockTimeoutMs > 0 ? await BlockerWatch.start(this.#pool, executor, this.#lockTimeoutMs / 2) : undefined;
    try {
      return await work();
    } catch (error) {
      if (codeOf(error) !== LOCK_NOT_AVAILABLE) throw error;
      throw new MigrationLockWaitError({
        target: this.#target,
        migration: options?.migration,
        lockTimeoutSeconds: this.#settings.lockTimeoutSeconds,
        attempts: this.#settings.retries + 1,
        blocker: watch?.stop(),
      });
    } finally {
      watch?.stop();
    }
  }

  #reason(): string {
    const seconds = this.#settings.lockTimeoutSeconds;
    return seconds > 0 ? `get a lock within ${seconds} s (migration_lock_timeout)` : 'get a lock';
  }

  /** Before retry `retry` + 1: between half and all of lock_timeout × 2^retry, at most 10 s. */
  #pause(retry: number): number {
    const ceiling = Math.min(MAX_PAUSE_MS, Math.max(this.#lockTimeoutMs, MIN_PAUSE_MS) * 2 ** retry);
    return ceiling * (0.5 + Math.random() / 2);
  }
}

/** Runs a migration's work inside its transaction (`executor`), watched or not. */
export type Guard = <T>(executor: SqlExecutor, work: () => Promise<T>) => Promise<T>;

/** Whole milliseconds, at least 1 for any wait above 0 (PostgreSQL reads 0 as no limit). */
function milliseconds(seconds: number): number {
  return seconds > 0 ? Math.max(1, Math.round(seconds * 1000)) : 0;
}

/** Session-wide settings, for work outside a transaction; `undefined` leaves statement_timeout as it is. */
async function setTimeouts(session: SqlExecutor, lock: string, statement: string | number | undefined): Promise<void> {
  await session.query(
    "SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', coalesce($2, " +
      "current_setting('statement_timeout')), false)",
    [lock, statement === undefined ? null : String(statement)],
  );
}
