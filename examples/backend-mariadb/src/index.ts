export { mariadbBackend, mariadbIdentity } from './descriptor.js';
export { MariadbBackend } from './mariadb-backend.js';
export { MariadbLockTimeoutError, MariadbMigrationDriver } from './migration-driver.js';
export { MariadbConnection } from './connection.js';
export { mariadbMigrations } from './migrations.js';
export { mariadbConfigSchema, parseMariadbConfig } from './config.js';
export type { MariadbConfig, MariadbConfigInput } from './config.js';
export type { MariadbBackendOptions } from './mariadb-backend.js';
export type { MariadbMigrationDriverOptions } from './migration-driver.js';
