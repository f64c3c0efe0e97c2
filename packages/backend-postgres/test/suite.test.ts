import { runBackendSuite } from '@infer/core/testing';
import { afterAll } from 'vitest';
import { postgresBackend } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, postgresEnabled } from './database.js';
import { type SuiteSection, byHand, migrationLock } from './suite-options.js';

afterAll(dropDatabases);

runBackendSuite({
  descriptor: postgresBackend,
  packageJson: new URL('../package.json', import.meta.url),
  driverModule: /[\\/]pg[\\/]lib[\\/]index\.js$/,
  invalidSections: [
    [{ sslmode: 'require' }, /^storage\.postgres\.sslmode: unknown key/],
    [
      { ssl_mode: 'allow' },
      /^storage\.postgres\.ssl_mode: .*"disable" \| "prefer" \| "require" \| "verify-ca" \| "verify-full"/,
    ],
    [{ port: 99999 }, /^storage\.postgres\.port: /],
    [{ lock_timeout: 0 }, /^storage\.postgres\.lock_timeout: must be more than 0 seconds/],
    [{ query_timeout: Number.POSITIVE_INFINITY }, /^storage\.postgres\.query_timeout: must be at most 2147483 seconds/],
  ],
  server: postgresEnabled,
  newStorage: async (): Promise<SuiteSection> => configFor(await createDatabase()) as SuiteSection,
  byHand,
  lockVariants: [{ lock_mode: 'session' }, { lock_mode: 'transaction' }],
  lock: migrationLock,
});
