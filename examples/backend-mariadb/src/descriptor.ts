import type { MigratingBackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit/plugin';
import type { MariadbConfig } from './config.js';
import { mariadbMigrations } from './migrations.js';

/** Who this backend is, for the descriptor, the backend and its driver. MariaDB commits DDL at once. */
export const mariadbIdentity = Object.freeze({
  type: 'mariadb',
  displayName: 'MariaDB',
  capabilities: Object.freeze({ transactionalDdl: false, keysetPagination: true }),
} as const);

/** The MariaDB backend. Its config schema, backend class and mysql2 load on first use, not with the hook. */
export const mariadbBackend: MigratingBackendDescriptor<MariadbConfig> = Object.freeze({
  ...mariadbIdentity,
  contract: '^1.1.0',
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
