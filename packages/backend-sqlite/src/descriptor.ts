import type { BackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit/plugin';
import type { SqliteConfig } from './config-schema.js';
import { sqliteMigrations } from './migrations.js';
import { sqliteSettings } from './settings.js';
import { sqliteIdentity } from './identity.js';

/**
 * The SQLite backend. Loading it (every CLI start does, through the plugin hook) costs the migration
 * texts only: the config schema loads when SQLite is configured, better-sqlite3 when a database opens.
 */
export const sqliteBackend: BackendDescriptor<SqliteConfig> = Object.freeze({
  ...sqliteIdentity,
  contract: '^1.1.0',
  configSchema: lazySchema(() => import('./config-schema.js').then((m) => m.sqliteConfigSchema)),
  settings: sqliteSettings,
  migrations: sqliteMigrations,
  open: async (config: SqliteConfig, options = {}) =>
    (await import('./sqlite-backend.js')).SqliteBackend.open({ config, ...options }),
  async openMigrationDriver(config: SqliteConfig, options = {}) {
    const { SqliteMigrationDriver } = await import('./migration-driver.js');
    return SqliteMigrationDriver.open(config.path, { ...options, busyTimeoutMs: config.busy_timeout * 1000 });
  },
});
