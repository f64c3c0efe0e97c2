import {
  ConfigurationError,
  type ConfiguredMigrations,
  type OpenOptions,
  type StorageBackend,
  type StorageConfig,
  configuredMigrations,
} from '@infer/core';
import { applyShippedMigrations } from '../migrations/shipped.js';
import type { TextOutput } from '../migrations/text-output.js';

/**
 * Opens the backend a configuration names (by default creating the store and applying its pending
 * migrations, see `OpenOptions`), hands it and the configuration's migrations to `use`, and closes
 * it whatever happens.
 */
export async function withBackend<R>(
  config: StorageConfig,
  use: (backend: StorageBackend, migrations: ConfiguredMigrations) => Promise<R>,
  options: OpenOptions = {},
): Promise<R> {
  if (!config.enabled) {
    const where = config.source.path ?? 'the configuration';
    throw new ConfigurationError(`storage is disabled (storage.enabled is false in ${where})`, {
      hint: `set storage.enabled to true in ${where}, or pass --config with a configuration that enables it`,
    });
  }
  // The application's own migrations too: without them, their applied versions read as unknown.
  const migrations = await configuredMigrations(config);
  const { application } = migrations;
  const backend = await config.descriptor.open(
    config.options,
    application.length > 0 ? { ...options, migrations: application } : options,
  );
  try {
    return await use(backend, migrations);
  } finally {
    await backend.close();
  }
}

/**
 * For the conversations commands: opens a store that exists, creating nothing (a SQLite file that
 * does not exist is an error), applies the pending migrations the backend ships (with the backup
 * and the notices on `out`, never the project's own: see `applyShippedMigrations`), then `use`.
 */
export function withExistingStore<R>(
  config: StorageConfig,
  out: TextOutput,
  use: (backend: StorageBackend) => Promise<R>,
): Promise<R> {
  return withBackend(
    config,
    async (backend, migrations) => {
      await applyShippedMigrations(config, migrations, await backend.migrationStatus(), out);
      return use(backend);
    },
    { migrate: false, create: false },
  );
}
