import type { BackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit/plugin';
import type { MemoryConfig } from './config-schema.js';
import { memoryIdentity } from './identity.js';

/** The memory backend: nothing to configure, nothing persisted, no migrations. */
export const memoryBackend: BackendDescriptor<MemoryConfig> = Object.freeze({
  ...memoryIdentity,
  contract: '^1.0.0',
  configSchema: lazySchema(() => import('./config-schema.js').then((m) => m.memoryConfigSchema)),
  settings: [],
  migrations: 'none',
  open: async (config: MemoryConfig, options = {}) =>
    (await import('./memory-backend.js')).MemoryBackend.open({ config, ...options }),
});
