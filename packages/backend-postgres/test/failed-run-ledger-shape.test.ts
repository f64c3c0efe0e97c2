import { type Migration, Migrator } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type LockMode, PostgresMigrationDriver, parsePostgresConfig, postgresMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, postgresEnabled, withClient } from '@infer/test-servers/postgres';
import { configFor } from './database.js';
import { createLegacyDatabase } from './legacy-database.js';

/** The first pending migration of a database of an earlier release (001 applied), failing at its second statement. */
const FAILING: Migration = {
  version: '002',
  description: 'fails',
  up: 'CREATE TABLE half (x TEXT);\nINSERT INTO no_such_table VALUES (1);\n',
};

async function ledgerColumns(database: string): Promise<string[]> {
  return withClient(database, async (client) => {
    const { rows } = await client.query<{ column_name: string }>(
      'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name ' +
        "= 'schema_migrations' ORDER BY ordinal_position",
    );
    return rows.map((row) => row.column_name);
  });
}

async function runFailing(database: string, migrations: readonly Migration[], lockMode: LockMode): Promise<unknown> {
  const driver = PostgresMigrationDriver.open(parsePostgresConfig(configFor(database, { lock_mode: lockMode })));
  try {
    return await new Migrator({ driver, migrations }).up().catch((error: unknown) => error);
  } finally {
    await driver.close();
  }
}

async function legacyDatabase(): Promise<string> {
  const database = await createDatabase();
  await withClient(database, createLegacyDatabase);
  return database;
}

describe.runIf(postgresEnabled)('a PostgreSQL migration run that fails on a database of an earlier release', () => {
  afterAll(dropDatabases);

  for (const lockMode of ['session', 'transaction'] as const) {
    it(`leaves the database identical and the ledger without the checksum column (lock_mode ${lockMode})`, async () => {
      const database = await legacyDatabase();
      const before = await dumpDatabase(database);
      expect(await ledgerColumns(database)).toEqual(['version', 'description', 'applied_at']);

      const error = await runFailing(database, [postgresMigrations[0]!, FAILING], lockMode);

      expect(error).toMatchObject({ code: 'E_MIGRATION' });
      expect(await ledgerColumns(database)).toEqual(['version', 'description', 'applied_at']);
      expect(await dumpDatabase(database)).toEqual(before);
    });
  }

  it('adds the checksum column with the first migration that succeeds', async () => {
    const database = await legacyDatabase();
    const succeeding: Migration = { version: '002', description: 'works', up: 'CREATE TABLE works (x TEXT);' };

    const error = await runFailing(
      database,
      [postgresMigrations[0]!, succeeding, { ...FAILING, version: '003' }],
      'session',
    );

    expect(error).toMatchObject({ code: 'E_MIGRATION' });
    expect(await ledgerColumns(database)).toEqual(['version', 'description', 'applied_at', 'checksum']);
  });
});
