import { Migrator } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresMigrationDriver, parsePostgresConfig, postgresMigrations } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, postgresEnabled, withClient } from './database.js';

describe.runIf(postgresEnabled)('the PostgreSQL migration lock and the migrations it guards', () => {
  afterAll(dropDatabases);

  it("leaves the session's own lock_timeout alone for the migrations themselves", async () => {
    const database = await createDatabase();
    const probe = {
      version: '004',
      description: 'Record lock_timeout',
      up: "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS value",
    };
    const driver = PostgresMigrationDriver.open(parsePostgresConfig(configFor(database, { lock_timeout: 0.5 })));
    await new Migrator({ driver, migrations: [...postgresMigrations, probe] }).up();
    await driver.close();
    expect((await withClient(database, (c) => c.query('SELECT value FROM seen'))).rows).toEqual([{ value: '0' }]);
  });
});
