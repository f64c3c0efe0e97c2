import { runConformanceSuite } from '@infer/core/testing';
import { SqliteBackend, sqliteBackend } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';

runConformanceSuite({
  name: 'sqlite',
  migrations: sqliteBackend.migrations,
  create: () => SqliteBackend.open({ config: { path: tempDatabasePath() } }),
});
