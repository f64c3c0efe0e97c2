import type { SchemalessBackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit/plugin';
import type { RedisConfig } from './config-schema.js';
import { redisSettings } from './settings.js';
import { redisIdentity } from './identity.js';

/** The Redis backend. Its driver (ioredis) loads only when a backend is opened. */
export const redisBackend: SchemalessBackendDescriptor<RedisConfig> = Object.freeze({
  ...redisIdentity,
  contract: '^1.0.0',
  configSchema: lazySchema(() => import('./config-schema.js').then((m) => m.redisConfigSchema)),
  settings: redisSettings,
  migrations: 'none',
  async open(config: RedisConfig, options = {}) {
    const { RedisBackend } = await import('./redis-backend.js');
    return RedisBackend.open({ config, ...options });
  },
});
