export { sqliteBackend } from './descriptor.js';
export { SqliteBackend } from './sqlite-backend.js';
export { SqliteMigrationDriver } from './migration-driver.js';
export { sqliteMigrations } from './migrations.js';
export { BUSY_TIMEOUT_MS } from './lock-wait.js';
export type { SqliteConfig, SqliteConfigInput } from './config-schema.js';
export type { SqliteBackendOptions } from './sqlite-backend.js';
export type { SqliteMigrationDriverOptions } from './migration-driver.js';
export { sqliteIdentity } from './identity.js';
