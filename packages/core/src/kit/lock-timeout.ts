import { LockTimeoutError } from '../errors.js';
import type { ConnectionTarget } from './connection-failure.js';

/** The session that held a lock, in words. */
export interface LockHolderWords {
  /** Which session: `connection 12`, `pid 345`. */
  readonly who: string;
  /** What else is known of it, joined in parentheses: `user "app"`, `client 10.0.0.5:51234`. */
  readonly details: readonly string[];
  /** The statement that ends a stuck holder: `KILL 12`. */
  readonly end: string;
}

export interface MigrationLockTimeoutOptions<Holder> {
  /** The engine's name: `MariaDB`. */
  readonly engine: string;
  /** The storage type, whose `lock_timeout` the hint names. */
  readonly type: string;
  readonly target: ConnectionTarget;
  readonly timeoutMs: number;
  /** The session holding the lock when the wait ended; `undefined` when it let go meanwhile. */
  readonly holder: Holder | undefined;
  /** The holder in words. */
  readonly describe: (holder: Holder) => LockHolderWords;
}

/**
 * The migration lock stayed taken for the whole wait limit: one line naming the engine, the
 * database, the wait and who holds the lock, with a hint to wait, raise `lock_timeout`, or end the
 * holder. A backend may subclass it to give it its own name.
 *
 * @example
 * throw new MigrationLockTimeoutError({
 *   engine: 'MariaDB', type: 'mariadb', target, timeoutMs: 60_000, holder: { id: 12 },
 *   describe: (h) => ({ who: `connection ${h.id}`, details: [], end: `KILL ${h.id}` }),
 * });
 * // the MariaDB migration lock on db:3306, database "infer", was not free within 60 s: held by connection 12
 */
export class MigrationLockTimeoutError<Holder = unknown> extends LockTimeoutError {
  readonly holder: Holder | undefined;
  constructor({ engine, type, target, timeoutMs, holder, describe }: MigrationLockTimeoutOptions<Holder>) {
    const words = holder === undefined ? undefined : describe(holder);
    const details = words && words.details.length > 0 ? ` (${words.details.join(', ')})` : '';
    const who = words ? `by ${words.who}${details}` : 'by a session that has released it since; retry';
    super(
      `the ${engine} migration lock on ${target.host}:${target.port}, database "${target.database}", was not free ` +
        `within ${timeoutMs / 1000} s: held ${who}`,
      {
        hint:
          `wait for that migration run to finish and retry, or raise storage.${type}.lock_timeout` +
          (words ? `; if that session is stuck, end it with ${words.end}` : ''),
      },
    );
    this.holder = holder;
  }
}
