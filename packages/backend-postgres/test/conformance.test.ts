import { runConformanceSuite } from '@infer/core/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresBackend, postgresBackend } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, postgresEnabled, withClient } from './database.js';

describe.runIf(postgresEnabled)('postgres', () => {
  let database: string;
  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(dropDatabases);

  runConformanceSuite({
    name: 'postgres',
    migrations: postgresBackend.migrations,
    // One database for the file, emptied before each test (opening it migrates it the first time).
    create: async () => {
      const backend = await PostgresBackend.open({ config: configFor(database) });
      await withClient(database, (client) => client.query('TRUNCATE conversations CASCADE'));
      return backend;
    },
  });
});
