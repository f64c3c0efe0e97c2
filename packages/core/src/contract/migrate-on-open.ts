import type { Migrator } from '../migrations/migrator.js';
import type { OpenOptions } from './descriptor.js';
import type { StorageBackend } from './storage-backend.js';

/**
 * The last step of a SQL backend's `open`: applies pending migrations unless `migrate: false` or
 * `readOnly`, and closes the backend when they fail, so a failed open leaks no connection.
 */
export async function migrateOnOpen<B extends StorageBackend>(
  backend: B,
  migrator: (onEvent: OpenOptions['onMigrationEvent']) => Migrator,
  options: OpenOptions,
): Promise<B> {
  if (options.migrate === false || options.readOnly === true) return backend;
  try {
    await migrator(options.onMigrationEvent).up();
  } catch (error) {
    await backend.close();
    throw error;
  }
  return backend;
}
