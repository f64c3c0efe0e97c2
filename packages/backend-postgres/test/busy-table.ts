import { setTimeout as sleep } from 'node:timers/promises';
import { openClient } from '@infer/test-servers/postgres';
import type pg from 'pg';

/**
 * A session of another application in an open transaction that read `conversations`, as a long report does: it
 * holds ACCESS SHARE on the table, and its snapshot (REPEATABLE READ) until it ends.
 */
export interface TableHolder {
  readonly pid: number;
  /** Ends its transaction (COMMIT) and its connection. */
  release(): Promise<void>;
}

/** Opens a {@link TableHolder} of `database` named `application`. */
export async function holdConversations(database: string, application = 'nightly-report'): Promise<TableHolder> {
  const client = await openClient(database, { application_name: application });
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await client.query('SELECT * FROM conversations');
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  // The query pg_stat_activity shows for it: its last one, while it sits idle in its transaction.
  await client.query('SELECT count(*) FROM conversations WHERE title IS NOT NULL');
  let released: Promise<void> | undefined;
  return {
    pid: rows[0]!.pid,
    release: () => {
      released ??= client.query('COMMIT').then(() => client.end());
      return released;
    },
  };
}

/** Waits until a session of `client`'s database waits for a lock on `conversations` (at most 10 s). */
export async function lockWaitStarted(client: pg.Client): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_locks WHERE NOT granted AND relation = to_regclass('conversations')",
    );
    if (rows.length > 0) return;
    await sleep(5);
  }
  throw new Error('no session started waiting for a lock on conversations within 10 s');
}
