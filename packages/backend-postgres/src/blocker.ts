import type { SqlExecutor } from '@infer/core';

/** A session that kept a migration's statement from its lock, from pg_stat_activity. */
export interface Blocker {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly user: string | null;
  /** `active`, `idle in transaction`...; `null` when we may not read that session's statistics. */
  readonly state: string | null;
  /** Seconds since its transaction began: it has held its locks at most that long. */
  readonly transactionSeconds: number | null;
  /** Its current query, or its last one when idle; whitespace collapsed, at most {@link QUERY_SHOWN} characters. */
  readonly query: string | null;
  /** How many other sessions blocked it at the same moment. */
  readonly others: number;
}

/** Characters of the blocker's query a message shows: its first words. */
const QUERY_SHOWN = 60;

/**
 * The sessions `pid` waits for (`pg_blocking_pids`: holders of a conflicting lock, and sessions
 * queued ahead of it), the one in the oldest transaction first: usually the one to end. None when
 * `pid` waits for no lock.
 */
const BLOCKERS = `
  SELECT a.pid, a.application_name AS "applicationName", a.usename AS "user", a.state,
         floor(extract(epoch FROM clock_timestamp() - a.xact_start))::int AS "transactionSeconds",
         left(regexp_replace(a.query, '\\s+', ' ', 'g'), ${QUERY_SHOWN + 1}) AS query,
         (count(*) OVER ())::int - 1 AS others
    FROM pg_stat_activity a
   WHERE a.pid = ANY(pg_blocking_pids($1))
   ORDER BY a.xact_start NULLS LAST
   LIMIT 1`;

/**
 * Looks, every `intervalMs` while a migration's transaction runs, for the session its backend
 * (`pid`) waits for, on another connection of the pool: once the statement gives up (lock_timeout)
 * it waits for nothing any more. A wait that ends in a timeout lasts the whole lock_timeout, so
 * with `intervalMs` at half of it at least one look falls inside the wait. Looks run one after the
 * other; a failed one is skipped.
 */
export class BlockerWatch {
  readonly #pool: SqlExecutor;
  readonly #pid: number;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #seen: Blocker | undefined;
  #stopped = false;

  private constructor(pool: SqlExecutor, pid: number, intervalMs: number) {
    this.#pool = pool;
    this.#pid = pid;
    this.#intervalMs = intervalMs;
    this.#schedule();
  }

  /** Watches the backend of `transaction` (asked its pid), looking through `pool`. */
  static async start(pool: SqlExecutor, transaction: SqlExecutor, intervalMs: number): Promise<BlockerWatch> {
    const [row] = await transaction.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return new BlockerWatch(pool, row!.pid, intervalMs);
  }

  /** Stops looking; the session the last look found blocking, if it found one. */
  stop(): Blocker | undefined {
    this.#stopped = true;
    clearTimeout(this.#timer);
    return this.#seen;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => void this.#look(), this.#intervalMs);
    this.#timer.unref();
  }

  async #look(): Promise<void> {
    const [blocker] = await this.#pool.query<Blocker>(BLOCKERS, [this.#pid]).catch(() => []);
    if (this.#stopped) return;
    this.#seen = blocker;
    this.#schedule();
  }
}

/** `pid 4242 (application "report", user "app", idle in transaction, in a transaction for 75 s, query "…")` */
export function blockerInWords(blocker: Blocker): string {
  const { pid, applicationName, user, state, transactionSeconds, query, others } = blocker;
  const details = [
    applicationName ? `application "${applicationName}"` : undefined,
    user ? `user "${user}"` : undefined,
    state ?? undefined,
    transactionSeconds === null ? undefined : `in a transaction for ${transactionSeconds} s`,
    query ? `query "${query.length > QUERY_SHOWN ? `${query.slice(0, QUERY_SHOWN)}…` : query}"` : undefined,
  ].filter((part) => part !== undefined);
  const more = others > 0 ? ` and ${others} other session${others === 1 ? '' : 's'}` : '';
  return `pid ${pid}${details.length > 0 ? ` (${details.join(', ')})` : ''}${more}`;
}
