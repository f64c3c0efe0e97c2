import { runConformanceSuite } from '@infer/core/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import { MariadbBackend, mariadbBackend } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, mariadbEnabled, withConnection } from './database.js';

describe.runIf(mariadbEnabled)('mariadb', () => {
  let database: string;
  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(dropDatabases);

  runConformanceSuite({
    name: 'mariadb',
    migrations: mariadbBackend.migrations,
    // One database for the file, emptied before each test (opening it migrates it the first time).
    create: async () => {
      const backend = await MariadbBackend.open({ config: configFor(database) });
      await withConnection(database, (connection) => connection.query('DELETE FROM conversations'));
      return backend;
    },
  });
});
