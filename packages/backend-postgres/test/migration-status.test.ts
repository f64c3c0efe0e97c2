import { randomBytes } from 'node:crypto';
import { ErrorCode, Migrator, isInferError } from '@infer/core';
import { NEWER_MIGRATION, newerMigrationStatus, statusOf } from '@infer/test-servers';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresBackend, postgresMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, postgresEnabled, withClient } from '@infer/test-servers/postgres';
import { configFor } from './database.js';
import { driverFor, migrate, status, thrown } from './migrator-runs.js';

describe.runIf(postgresEnabled)('PostgreSQL migration status through the engine', () => {
  afterAll(dropDatabases);

  it('reports status without writing: same dump, and it works on a database that refuses every write', async () => {
    const database = await createDatabase();
    await migrate(database, postgresMigrations.slice(0, 2));
    await withClient('postgres', (c) => c.query(`ALTER DATABASE ${database} SET default_transaction_read_only = on`));
    const before = await dumpDatabase(database);
    expect(await status(database)).toEqual(['applied', 'applied', 'pending']);
    expect(await dumpDatabase(database)).toEqual(before);
  });

  it('reports a database without a ledger as all pending and creates no ledger', async () => {
    const database = await createDatabase();
    const before = await dumpDatabase(database);
    expect(await status(database)).toEqual(['pending', 'pending', 'pending']);
    expect(await dumpDatabase(database)).toEqual(before);
    expect(before.ledger).toEqual([]);
  });

  it('refuses the status of a missing database with the createdb fix, not "pending"; does not create it', async () => {
    const database = `infer_test_absent_${randomBytes(5).toString('hex')}`;
    const error = await thrown(status(database));
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(String((error as Error).message)).toContain(`database "${database}" does not exist`);
    expect((error as { hint?: string }).hint).toMatch(
      new RegExp(`^create it \\(createdb -h \\S+ -p \\d+ -U \\S+ ${database}\\)`),
    );
    const { rows } = await withClient('postgres', (c) =>
      c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]),
    );
    expect(rows).toEqual([]);
  });

  it('shows ledger versions the code does not ship, never hiding them', async () => {
    const database = await createDatabase();
    await migrate(database, postgresMigrations);
    const { version, description, appliedAt } = NEWER_MIGRATION;
    await withClient(database, (c) =>
      c.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [version, description, appliedAt]),
    );
    const entries = await statusOf(PostgresBackend.open({ config: configFor(database), migrate: false }));
    expect(entries.at(-1)).toEqual(newerMigrationStatus('2027-01-01T00:00:00.000Z'));
  });

  it('refuses to lock or migrate through a read-only (status) driver', async () => {
    const database = await createDatabase();
    const driver = driverFor(database, {}, true);
    await expect(new Migrator({ driver, migrations: postgresMigrations }).up()).rejects.toThrow(/read-only/);
    await driver.close();
    expect((await dumpDatabase(database)).ledger).toEqual([]);
  });
});
