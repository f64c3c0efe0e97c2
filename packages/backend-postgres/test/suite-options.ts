import type { HandAccess, LockOptions } from '@infer/core/testing';
import { MIGRATION_LOCK_KEY, type PostgresConfigInput } from '../src/index.js';
import { SERVER, dumpDatabase, openClient, withClient } from './database.js';

/** A test database's `storage.postgres` section, as the shared suite opens it (directly or through a pooler). */
export type SuiteSection = PostgresConfigInput & { database: string; host: string; port: number };

/** Sessions of `database` holding an advisory lock. */
export const advisoryLocks = async (database: string) =>
  withClient(database, async (client) => {
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM " +
        'pg_database WHERE datname = $1)',
      [database],
    );
    return rows[0].n as number;
  });

/** The database by hand, on the shared server itself (never through a pooler in front of it). */
export function byHand({ database }: SuiteSection): HandAccess {
  return {
    exec: async (sql) => void (await withClient(database, (client) => client.query(sql))),
    query: async <Row>(sql: string) => withClient(database, async (client) => (await client.query(sql)).rows as Row[]),
    dump: async () => {
      const [schema, full] = [await dumpDatabase(database, { schemaOnly: true }), await dumpDatabase(database)];
      return { schema: schema.dump, data: full.dump, ledger: full.ledger as Record<string, unknown>[] };
    },
  };
}

/**
 * The migration lock held by a session on the shared server; a timeout names the holder and the
 * address the backend was configured with (the server's, or a pooler's in front of it).
 */
export const migrationLock: LockOptions<SuiteSection> = {
  timeoutKey: 'lock_timeout',
  async hold({ database, host, port }) {
    const client = await openClient(database, { application_name: 'infer-test-holder' });
    const { rows } = await client.query('SELECT pg_backend_pid() AS pid, pg_advisory_lock($1::bigint)', [
      MIGRATION_LOCK_KEY.toString(),
    ]);
    const pid = rows[0].pid as number;
    return {
      release: () => client.end(),
      describedBy: new RegExp(
        `${host}:${port}, database "${database}", was not free within 0\\.5 s: held by pid ${pid} ` +
          `\\(application "infer-test-holder", client 127\\.0\\.0\\.1:\\d+, user "${SERVER.user}", connected ` +
          'since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, idle since [\\d:.TZ-]+\\)$',
      ),
      hint: new RegExp(`SELECT pg_terminate_backend\\(${pid}\\)`),
    };
  },
  isFree: async ({ database }) => (await advisoryLocks(database)) === 0,
};
