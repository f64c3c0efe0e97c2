import type { BackendCapabilities } from '../contract/capabilities.js';
import { BaseStorageBackend } from '../contract/base-backend.js';
import type { MigrationEventListener } from '../migrations/events.js';
import type { MigrationStatusEntry } from '../migrations/migration.js';
import type { Migrator } from '../migrations/migrator.js';

/**
 * A {@link BaseStorageBackend} with a versioned schema: it supplies `migrator()`, the engine bound
 * to its database, its shipped migrations and the application's; `migrationStatus` and the
 * `migrations` capability follow from it. Open it with `migrateOnOpen(backend, (onEvent) =>
 * backend.migrator(onEvent), options)`.
 */
export abstract class MigratingStorageBackend extends BaseStorageBackend {
  protected constructor(capabilities: Partial<BackendCapabilities> = {}) {
    super({ ...capabilities, migrations: true });
  }

  /** The migration engine bound to this backend's database, its shipped migrations and the application's. */
  abstract migrator(onEvent?: MigrationEventListener): Migrator;

  override async migrationStatus(): Promise<MigrationStatusEntry[]> {
    this.assertOpen();
    return this.migrator().status();
  }
}
