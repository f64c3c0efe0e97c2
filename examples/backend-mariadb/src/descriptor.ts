import type { MigratingBackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit';
import type { MariadbConfig } from './config.js';
import { mariadbMigrations } from './migrations.js';
import { mariadbIdentity } from './identity.js';

/**
 * The MariaDB backend. Loading this module (the plugin hook does) costs the migration texts only:
 * the config schema loads when MariaDB is configured, the backend and mysql2 when a database opens.
 */
export const mariadbBackend: MigratingBackendDescriptor<MariadbConfig> = Object.freeze({
  ...mariadbIdentity,
  configSchema: lazySchema(() => import('./config.js').then((m) => m.mariadbConfigSchema)),
  migrations: mariadbMigrations,
  async open(config: MariadbConfig, options = {}) {
    const { MariadbBackend } = await import('./mariadb-backend.js');
    return MariadbBackend.open({ config, ...options });
  },
  async openMigrationDriver(config: MariadbConfig, options = {}) {
    const { MariadbMigrationDriver } = await import('./migration-driver.js');
    return MariadbMigrationDriver.open(config, options);
  },
});
