import { LockTimeoutError, type MigrationStepOptions } from '@infer/core';
import { type Blocker, blockerInWords } from './blocker.js';
import type { PgTarget } from './pg-types.js';

export interface LockWaitFacts {
  readonly target: PgTarget;
  /** The migration whose statement waited; absent for the ledger's own transaction. */
  readonly migration: MigrationStepOptions['migration'];
  readonly lockTimeoutSeconds: number;
  readonly attempts: number;
  /** The session it waited for, as last seen; absent when none was seen (it let go, or pool_size is 1). */
  readonly blocker: Blocker | undefined;
}

/**
 * A statement of a migration could not get its lock on a table (or another object) within
 * `migration_lock_timeout`, on every attempt: the migration was rolled back each time, so nothing
 * of it is applied. One line naming the session it waited for and how to get past it; exit 10.
 *
 * @example
 * // migration 004 (Add tags) could not get a lock in PostgreSQL at db:5432, database "infer" within 5 s, on each
 * // of 6 attempts: blocked by pid 4242 (application "report", idle in transaction, in a transaction for 75 s,
 * // query "SELECT * FROM conversations"); nothing of it was applied
 */
export class MigrationLockWaitError extends LockTimeoutError {
  readonly blocker: Blocker | undefined;

  constructor({ target, migration, lockTimeoutSeconds, attempts, blocker }: LockWaitFacts) {
    const what = migration ? `migration ${migration.version} (${migration.description})` : 'the migration ledger';
    const tries = attempts === 1 ? '' : `, on each of ${attempts} attempts`;
    const who = blocker
      ? `blocked by ${blockerInWords(blocker)}`
      : 'the session it waited for let go before it could be named';
    const raise = 'or raise storage.postgres.migration_lock_timeout or migration_lock_retries';
    super(
      `${what} could not get a lock in PostgreSQL at ${target.host}:${target.port}, database "${target.database}" ` +
        `within ${lockTimeoutSeconds} s${tries}: ${who}; nothing of it was applied`,
      {
        hint: blocker
          ? `end that session with SELECT pg_terminate_backend(${blocker.pid}), or wait until it finishes and run ` +
            `"infer migrate" again, ${raise}`
          : `run "infer migrate" again; if it fails again, look for long transactions in pg_stat_activity, ${raise}`,
      },
    );
    this.blocker = blocker;
  }
}
