import type { BackendDescriptor } from '@infer/core';
import { type PostgresConfig, postgresConfigSchema } from './config.js';
import { postgresMigrations } from './migrations.js';

/**
 * The PostgreSQL backend. Loading this module (the plugin hook does) costs valibot and the migration
 * texts only: the backend, its driver and the `pg` module load when a database is opened.
 */
export const postgresBackend: BackendDescriptor<PostgresConfig> = Object.freeze({
  type: 'postgres',
  displayName: 'PostgreSQL',
  configSchema: postgresConfigSchema,
  migrations: postgresMigrations,
  async open(config: PostgresConfig, options = {}) {
    const { PostgresBackend } = await import('./postgres-backend.js');
    return PostgresBackend.open({ config, ...options });
  },
  async openMigrationDriver(config: PostgresConfig, options = {}) {
    const { PostgresMigrationDriver } = await import('./migration-driver.js');
    return PostgresMigrationDriver.open(config, options);
  },
});
