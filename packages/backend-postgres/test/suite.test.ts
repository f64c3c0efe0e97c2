import { runBackendSuite } from '@infer/core/testing';
import { afterAll } from 'vitest';
import { MIGRATION_LOCK_KEY, type PostgresConfigInput, postgresBackend } from '../src/index.js';
import {
  SERVER,
  configFor,
  createDatabase,
  dropDatabases,
  dumpDatabase,
  openClient,
  postgresEnabled,
  withClient,
} from './database.js';

afterAll(dropDatabases);

/** Sessions of `database` holding an advisory lock. */
const advisoryLocks = async (database: string) =>
  withClient(database, async (client) => {
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM " +
        'pg_database WHERE datname = $1)',
      [database],
    );
    return rows[0].n as number;
  });

runBackendSuite<PostgresConfigInput & { database: string }>({
  descriptor: postgresBackend,
  packageJson: new URL('../package.json', import.meta.url),
  driverModule: /[\\/]pg[\\/]lib[\\/]index\.js$/,
  invalidSections: [
    [{ sslmode: 'require' }, /^storage\.postgres\.sslmode: unknown key/],
    [
      { ssl_mode: 'allow' },
      /^storage\.postgres\.ssl_mode: .*"disable" \| "prefer" \| "require" \| "verify-ca" \| "verify-full"/,
    ],
    [{ port: 99999 }, /^storage\.postgres\.port: /],
    [{ lock_timeout: 0 }, /^storage\.postgres\.lock_timeout: must be more than 0 seconds/],
    [{ query_timeout: Number.POSITIVE_INFINITY }, /^storage\.postgres\.query_timeout: must be at most 2147483 seconds/],
  ],
  server: postgresEnabled,
  newStorage: async () => configFor(await createDatabase()) as PostgresConfigInput & { database: string },
  byHand: ({ database }) => ({
    exec: async (sql) => void (await withClient(database, (client) => client.query(sql))),
    query: async <Row>(sql: string) => withClient(database, async (client) => (await client.query(sql)).rows as Row[]),
    dump: async () => {
      const [schema, full] = [await dumpDatabase(database, { schemaOnly: true }), await dumpDatabase(database)];
      return { schema: schema.dump, data: full.dump, ledger: full.ledger as Record<string, unknown>[] };
    },
  }),
  lockVariants: [{ lock_mode: 'session' }, { lock_mode: 'transaction' }],
  lock: {
    timeoutKey: 'lock_timeout',
    async hold({ database }) {
      const client = await openClient(database, { application_name: 'infer-test-holder' });
      const { rows } = await client.query('SELECT pg_backend_pid() AS pid, pg_advisory_lock($1::bigint)', [
        MIGRATION_LOCK_KEY.toString(),
      ]);
      const pid = rows[0].pid as number;
      return {
        release: () => client.end(),
        describedBy: new RegExp(
          `${SERVER.host}:${SERVER.port}, database "${database}", was not free within 0\\.5 s: held by pid ${pid} ` +
            `\\(application "infer-test-holder", client 127\\.0\\.0\\.1:\\d+, user "${SERVER.user}", connected ` +
            'since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, idle since [\\d:.TZ-]+\\)$',
        ),
        hint: new RegExp(`SELECT pg_terminate_backend\\(${pid}\\)`),
      };
    },
    isFree: async ({ database }) => (await advisoryLocks(database)) === 0,
  },
});
