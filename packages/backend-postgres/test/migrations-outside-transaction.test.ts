import { ErrorCode, Migrator, isInferError } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, postgresEnabled } from '@infer/test-servers/postgres';
import { driverFor, migrate, thrown } from './migrator-runs.js';

describe.runIf(postgresEnabled)('PostgreSQL migrations outside a transaction through the engine', () => {
  afterAll(dropDatabases);

  /** A migration that cannot run in a transaction. */
  const concurrently = {
    version: '004',
    description: 'Index titles',
    up: 'CREATE INDEX CONCURRENTLY idx_titles ON conversations(title)',
    transaction: false,
  };

  it('runs a migration outside a transaction (CREATE INDEX CONCURRENTLY) under the session lock', async () => {
    const database = await createDatabase();
    const results = await migrate(database, [...postgresMigrations, concurrently]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect((await dumpDatabase(database)).ledger).toHaveLength(4);
  });

  it('refuses a migration outside a transaction in transaction lock mode (no lock covers it): none runs', async () => {
    const database = await createDatabase();
    const error = await thrown(migrate(database, [...postgresMigrations, concurrently], { lock_mode: 'transaction' }));
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toMatch(
      new RegExp(
        /migration 004 \(Index titles\) opts out of a transaction \(transaction=false\), which PostgreSQL /.source +
          /cannot run with lock_mode "transaction"/.source,
      ),
    );
    expect((await dumpDatabase(database)).ledger).toEqual([]);
  });

  it('refuses to revert a migration outside a transaction in transaction lock mode, reverting nothing', async () => {
    const database = await createDatabase();
    const reversible = { ...concurrently, down: 'DROP INDEX CONCURRENTLY idx_titles' };
    const notes = {
      version: '005',
      description: 'Notes',
      up: 'CREATE TABLE notes (id TEXT)',
      down: 'DROP TABLE notes',
    };
    const migrations = [...postgresMigrations, reversible, notes];
    await migrate(database, migrations);
    const before = await dumpDatabase(database);
    const driver = driverFor(database, { lock_mode: 'transaction' });
    try {
      const error = await thrown(new Migrator({ driver, migrations }).down({ to: '003' }));
      expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
      expect(String(error)).toMatch(
        new RegExp(
          /cannot revert migration 004: it opts out of a transaction \(transaction=false\), which PostgreSQL /.source +
            /cannot run with lock_mode "transaction".*; nothing was reverted$/.source,
        ),
      );
    } finally {
      await driver.close();
    }
    expect(await dumpDatabase(database)).toEqual(before);
  });
});
