import type { MigratingBackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit/plugin';
import type { PostgresConfig } from './config.js';
import { postgresMigrations } from './migrations.js';
import { postgresSettings } from './settings.js';
import { postgresIdentity } from './identity.js';

/**
 * The PostgreSQL backend. Loading this module (the plugin hook does) costs the migration texts only:
 * the config schema loads when PostgreSQL is configured, the backend and `pg` when a database opens.
 */
export const postgresBackend: MigratingBackendDescriptor<PostgresConfig> = Object.freeze({
  ...postgresIdentity,
  contract: '^1.1.0',
  configSchema: lazySchema(() => import('./config.js').then((m) => m.postgresConfigSchema)),
  settings: postgresSettings,
  migrations: postgresMigrations,
  async open(config: PostgresConfig, options = {}) {
    const { PostgresBackend } = await import('./postgres-backend.js');
    return PostgresBackend.open({ config, ...options });
  },
  async openMigrationDriver(config: PostgresConfig, options = {}) {
    const { PostgresMigrationDriver } = await import('./migration-driver.js');
    return PostgresMigrationDriver.open(config, options);
  },
  async ambientCredential(config: PostgresConfig) {
    const { ambientCredential } = await import('./ambient-credential.js');
    return ambientCredential(config);
  },
});
