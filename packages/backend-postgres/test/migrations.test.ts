import { randomBytes } from 'node:crypto';
import { ErrorCode, type Migration, Migrator, isInferError } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PostgresBackend,
  PostgresMigrationDriver,
  type PostgresConfigInput,
  parsePostgresConfig,
  postgresMigrations,
} from '../src/index.js';
import { configFor, createDatabase, dropDatabases, dumpDatabase, postgresEnabled, withClient } from './database.js';

const driverFor = (database: string, extra: PostgresConfigInput = {}, readOnly = false) =>
  PostgresMigrationDriver.open(parsePostgresConfig(configFor(database, extra)), { readOnly });

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

async function migrate(database: string, migrations: readonly Migration[], extra: PostgresConfigInput = {}) {
  const driver = driverFor(database, extra);
  try {
    return await new Migrator({ driver, migrations }).up();
  } finally {
    await driver.close();
  }
}

async function status(database: string) {
  const driver = driverFor(database, {}, true);
  try {
    return (await new Migrator({ driver, migrations: postgresMigrations }).status()).map((s) => s.state);
  } finally {
    await driver.close();
  }
}

describe.runIf(postgresEnabled)('PostgreSQL migrations through the engine', () => {
  afterAll(dropDatabases);

  it('rolls a migration that fails half-way back completely and runs nothing after it', async () => {
    const database = await createDatabase();
    await migrate(database, postgresMigrations);
    const before = await dumpDatabase(database);
    const failing: Migration[] = [
      ...postgresMigrations,
      {
        version: '004',
        description: 'Half good',
        up: 'CREATE TABLE half (x INTEGER); INSERT INTO half VALUES (1); CREATE TABLE broken (;',
      },
      { version: '005', description: 'Never runs', up: 'CREATE TABLE never (x INTEGER);' },
    ];
    const error = (await thrown(migrate(database, failing))) as { version: string; results: { outcome: string }[] };
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(error.version).toBe('004');
    expect(String(error)).toMatch(/migration 004 \(Half good\) failed: syntax error/);
    expect(error.results.map((r) => r.outcome)).toEqual(['failed', 'not-run']);
    expect(await dumpDatabase(database)).toEqual(before);
  });

  it('fails 002 cleanly when its table already exists, naming the version and changing nothing', async () => {
    const database = await createDatabase();
    await migrate(database, postgresMigrations.slice(0, 1));
    await withClient(database, (c) =>
      c.query("CREATE TABLE user_preferences (id TEXT); INSERT INTO user_preferences VALUES ('kept')"),
    );
    const before = await dumpDatabase(database);
    const error = await thrown(PostgresBackend.open({ config: configFor(database) }));
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(String(error)).toContain(
      'migration 002 (Add user preferences table) failed: relation "user_preferences" already exists',
    );
    expect(await dumpDatabase(database)).toEqual(before);
  });

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
    await withClient(database, (c) =>
      c.query("INSERT INTO schema_migrations VALUES ('999', 'From a newer release', '2027-01-01T00:00:00Z')"),
    );
    const backend = await PostgresBackend.open({ config: configFor(database), migrate: false });
    const entries = await backend.migrationStatus();
    await backend.close();
    expect(entries.at(-1)).toEqual({
      version: '999',
      description: 'From a newer release',
      state: 'unknown',
      appliedAt: '2027-01-01T00:00:00.000Z',
    });
  });

  it('has a down for every migration that restores the schema exactly as it was before it', async () => {
    const database = await createDatabase();
    const driver = driverFor(database);
    await driver.ensureLedger();
    const schemas = [(await dumpDatabase(database, { schemaOnly: true })).dump];
    for (let n = 1; n <= postgresMigrations.length; n++) {
      await new Migrator({ driver, migrations: postgresMigrations.slice(0, n) }).up();
      schemas.push((await dumpDatabase(database, { schemaOnly: true })).dump);
    }
    await driver.close();
    for (let n = postgresMigrations.length; n >= 1; n--) {
      await withClient(database, (c) => c.query(`BEGIN; ${postgresMigrations[n - 1]!.down}; COMMIT;`));
      expect((await dumpDatabase(database, { schemaOnly: true })).dump).toBe(schemas[n - 1]);
    }
  });

  it('runs a migration outside a transaction (CREATE INDEX CONCURRENTLY) under the session lock', async () => {
    const database = await createDatabase();
    const concurrently = {
      version: '004',
      description: 'Index titles',
      up: 'CREATE INDEX CONCURRENTLY idx_titles ON conversations(title)',
      transaction: false,
    };
    const results = await migrate(database, [...postgresMigrations, concurrently]);
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect((await dumpDatabase(database)).ledger).toHaveLength(4);
  });

  it('refuses a migration outside a transaction in transaction lock mode (no lock covers it): none runs', async () => {
    const database = await createDatabase();
    const concurrently = {
      version: '004',
      description: 'Index titles',
      up: 'CREATE INDEX CONCURRENTLY idx_titles ON conversations(title)',
      transaction: false,
    };
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
    const concurrently = {
      version: '004',
      description: 'Index titles',
      up: 'CREATE INDEX CONCURRENTLY idx_titles ON conversations(title)',
      down: 'DROP INDEX CONCURRENTLY idx_titles',
      transaction: false,
    };
    const notes = {
      version: '005',
      description: 'Notes',
      up: 'CREATE TABLE notes (id TEXT)',
      down: 'DROP TABLE notes',
    };
    const migrations = [...postgresMigrations, concurrently, notes];
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

  it('says what to grant when the user may not create the schema lint works in', async () => {
    const database = await createDatabase();
    await migrate(database, postgresMigrations);
    const role = `infer_no_create_${randomBytes(4).toString('hex')}`;
    await withClient(database, (c) =>
      c.query(`CREATE ROLE ${role} LOGIN; GRANT SELECT ON schema_migrations TO ${role}`),
    );
    const driver = driverFor(database, { username: role });
    try {
      const error = await thrown(new Migrator({ driver, migrations: postgresMigrations }).lint());
      expect(isInferError(error, ErrorCode.Connection), String(error)).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^cannot lint in PostgreSQL database "${database}" at .*: user "${role}" may not create a schema there ` +
            `\\(permission denied for database ${database}\\)$`,
        ),
      );
      expect((error as { hint: string }).hint).toContain(`GRANT CREATE ON DATABASE ${database} TO ${role}`);
    } finally {
      try {
        await driver.close();
      } finally {
        await withClient(database, (c) => c.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`));
      }
    }
  });

  it('refuses to lock or migrate through a read-only (status) driver', async () => {
    const database = await createDatabase();
    const driver = driverFor(database, {}, true);
    await expect(new Migrator({ driver, migrations: postgresMigrations }).up()).rejects.toThrow(/read-only/);
    await driver.close();
    expect((await dumpDatabase(database)).ledger).toEqual([]);
  });

  it("applies an application's own migrations after the shipped ones when the backend opens", async () => {
    const database = await createDatabase();
    const mine: Migration[] = [
      {
        version: '100',
        description: 'App notes',
        up: 'CREATE TABLE app_notes (id TEXT PRIMARY KEY);',
        down: 'DROP TABLE app_notes;',
      },
    ];
    const backend = await PostgresBackend.open({ config: configFor(database), migrations: mine });
    expect((await backend.migrationStatus()).map((s) => s.version)).toEqual(['001', '002', '003', '100']);
    await backend.close();
    expect((await dumpDatabase(database)).ledger.map((row: { version: string }) => row.version)).toEqual([
      '001',
      '002',
      '003',
      '100',
    ]);
  });
});
