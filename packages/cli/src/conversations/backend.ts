import { ConfigurationError, type OpenOptions, type StorageBackend, type StorageConfig, configuredMigrations } from '@infer/core';

/**
 * Opens the backend a configuration names (applying its pending migrations unless told not to),
 * hands it to `use`, and closes it whatever happens.
 */
export async function withBackend<R>(config: StorageConfig, use: (backend: StorageBackend) => Promise<R>, options: OpenOptions = {}): Promise<R> {
  if (!config.enabled) {
    const where = config.source.path ?? 'the configuration';
    throw new ConfigurationError(`storage is disabled (storage.enabled is false in ${where})`, {
      hint: `set storage.enabled to true in ${where}, or pass --config with a configuration that enables it`,
    });
  }
  // The application's own migrations too: without them, their applied versions read as unknown.
  const { migrations } = await configuredMigrations(config);
  const backend = await config.descriptor.open(config.options, migrations.length > 0 ? { ...options, migrations } : options);
  try {
    return await use(backend);
  } finally {
    await backend.close();
  }
}
