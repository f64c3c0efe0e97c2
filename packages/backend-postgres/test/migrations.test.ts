import { randomBytes } from 'node:crypto';
import { ErrorCode, type Migration, Migrator, isInferError } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresBackend, postgresMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, postgresEnabled, withClient } from '@infer/test-servers/postgres';
import { configFor } from './database.js';
import { driverFor, migrate, thrown } from './migrator-runs.js';

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
