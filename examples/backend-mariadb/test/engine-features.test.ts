import { type EngineSuiteSql, runEngineFeatureSuite } from '@infer/core/testing';
import { afterAll, describe } from 'vitest';
import { mariadbMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, mariadbDatabase, mariadbEnabled, withConnection } from './database.js';

/** 0..9 as a derived table; `digits` of them cross-joined count from 1 to 10^digits. */
const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT ' +
  '5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

/**
 * MySQL's spelling of the suite's hand-written SQL (no offsets in DATETIME literals; recursion is capped at 1000 rows
 * by default).
 */
const MYSQL_SQL: EngineSuiteSql = {
  appliedAt: "'2030-01-02 03:04:05'",
  fillItems: (rows) => {
    const digits = String(rows).length;
    const tables = Array.from({ length: digits }, (_, i) => `${DIGITS} d${i}`).join(' CROSS JOIN ');
    const number = Array.from({ length: digits }, (_, i) => `d${i}.d * ${10 ** i}`).join(' + ');
    return (
      `INSERT INTO items (id, n) SELECT i, i FROM (SELECT ${number} + 1 AS i FROM ${tables}) seq WHERE i ` +
      `<= ${rows};`
    );
  },
  dropIndex: (index, table) => `DROP INDEX ${index} ON ${table}`,
};

/** What a database migrated by a release that had the three-column ledger would look like. */
const LEGACY_LEDGER = `
  CREATE TABLE schema_migrations (
    version VARCHAR(255) NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at DATETIME(6) NOT NULL
  );
  INSERT INTO schema_migrations
    VALUES ('001', 'Initial schema - conversations and entries tables', '2025-12-19 18:23:19');`;

describe.runIf(mariadbEnabled)('MariaDB engine features', () => {
  afterAll(dropDatabases);

  runEngineFeatureSuite({
    name: 'MariaDB',
    migrations: mariadbMigrations,
    create: async () => mariadbDatabase(await createDatabase()),
    createLegacy: async () => {
      const database = await createDatabase();
      await withConnection(database, async (connection) => {
        await connection.query(mariadbMigrations[0]!.up as string);
        await connection.query(LEGACY_LEDGER);
      });
      return mariadbDatabase(database);
    },
    sql: MYSQL_SQL,
  });
});
