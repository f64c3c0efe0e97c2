import { type SuiteSql, runBackendSuite } from '@infer/core/testing';
import { mysqlLockName } from '@infer/core/kit';
import { afterAll } from 'vitest';
import { type MariadbConfigInput, mariadbBackend } from '../src/index.js';
import {
  SERVER,
  configFor,
  createDatabase,
  dropDatabases,
  dumpDatabase,
  mariadbEnabled,
  openConnection,
  queryRows,
  withConnection,
} from './database.js';

afterAll(dropDatabases);

/** 0..9 as a derived table; `digits` of them cross-joined count from 1 to 10^digits. */
const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT ' +
  '5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

/** MySQL's spelling of the suite's hand-written SQL: no offsets in DATETIME literals, recursion capped at 1000 rows. */
const MYSQL_SQL: Partial<SuiteSql> = {
  appliedAt: "'2030-01-02 03:04:05'",
  fillRows: (rows) => {
    const digits = String(rows).length;
    const tables = Array.from({ length: digits }, (_, i) => `${DIGITS} d${i}`).join(' CROSS JOIN ');
    const number = Array.from({ length: digits }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
    return (
      `INSERT INTO suite_rows (id, n) SELECT i, i FROM (SELECT ${number} + 1 AS i FROM ${tables}) seq ` +
      `WHERE i <= ${rows};`
    );
  },
  dropIndex: (index, table) => `DROP INDEX ${index} ON ${table}`,
  legacyLedger:
    'CREATE TABLE schema_migrations (version VARCHAR(255) NOT NULL PRIMARY KEY, description TEXT NOT NULL, ' +
    'applied_at DATETIME(6) NOT NULL)',
};

const lockFree = async (database: string) =>
  (await queryRows<{ free: number }>(database, 'SELECT IS_FREE_LOCK(?) AS free', [mysqlLockName(database)]))[0]!
    .free === 1;

runBackendSuite<MariadbConfigInput & { database: string }>({
  descriptor: mariadbBackend,
  packageJson: new URL('../package.json', import.meta.url),
  driverModule: /[\\/]mysql2[\\/]promise\.js$/,
  invalidSections: [
    [{ hostname: 'db' }, /^storage\.mariadb\.hostname: unknown key/],
    [{ port: 99999 }, /^storage\.mariadb\.port: /],
    [{ pool_size: 0 }, /^storage\.mariadb\.pool_size: /],
    [{ lock_timeout: 0 }, /^storage\.mariadb\.lock_timeout: must be more than 0 seconds/],
  ],
  server: mariadbEnabled,
  newStorage: async () => configFor(await createDatabase()) as MariadbConfigInput & { database: string },
  byHand: ({ database }) => ({
    exec: async (sql) => void (await withConnection(database, (connection) => connection.query(sql))),
    query: <Row>(sql: string) => queryRows<Row>(database, sql),
    dump: () => dumpDatabase(database),
  }),
  sql: MYSQL_SQL,
  lock: {
    timeoutKey: 'lock_timeout',
    async hold({ database }) {
      const connection = await openConnection(database);
      const [rows] = await connection.query('SELECT CONNECTION_ID() AS id, GET_LOCK(?, 1) AS got', [
        mysqlLockName(database),
      ]);
      const [row] = rows as { id: number; got: number }[];
      if (row!.got !== 1) throw new Error(`could not take the migration lock of ${database}`);
      return {
        release: () => connection.end(),
        describedBy: new RegExp(
          `^the MariaDB migration lock on ${SERVER.host}:${SERVER.port}, database "${database}", was not free ` +
            `within 0\\.5 s: held by connection ${row!.id} \\(user "${SERVER.user}", client 127\\.0\\.0\\.1:\\d+, ` +
            'Sleep for \\d+ s\\)$',
        ),
        hint: new RegExp(`KILL ${row!.id}`),
      };
    },
    isFree: async ({ database }) => lockFree(database),
  },
});
