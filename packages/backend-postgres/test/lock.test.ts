import { Migrator } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresMigrationDriver, parsePostgresConfig, postgresMigrations } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, postgresEnabled, withClient } from './database.js';

describe.runIf(postgresEnabled)('the PostgreSQL migration lock and the migrations it guards', () => {
  afterAll(dropDatabases);

  it("runs the migrations with migration_lock_timeout, not the migration lock's wait (lock_timeout)", async () => {
    const database = await createDatabase();
    const probe = {
      version: '004',
      description: 'Record lock_timeout',
      up: "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS value",
    };
    for (const lock_mode of ['session', 'transaction'] as const) {
      const config = configFor(database, { lock_timeout: 7, migration_lock_timeout: 0.5, lock_mode });
      const driver = PostgresMigrationDriver.open(parsePostgresConfig(config));
      await new Migrator({ driver, migrations: [...postgresMigrations, probe] }).up();
      await driver.close();
      const { rows } = await withClient(database, (c) => c.query('SELECT value FROM seen'));
      expect(rows).toEqual([{ value: '500ms' }]);
      await withClient(database, (c) =>
        c.query("DROP TABLE seen; DELETE FROM schema_migrations WHERE version = '004'"),
      );
    }
  });
});
