import type { BackendDescriptor } from '@infer/core';
import { lazySchema } from '@infer/core/kit';
import type { RedisConfig } from './config-schema.js';
import { redisSettings } from './settings.js';

/** The Redis backend. Its driver (ioredis) loads only when a backend is opened. */
export const redisBackend: BackendDescriptor<RedisConfig> = Object.freeze({
  type: 'redis',
  displayName: 'Redis',
  contract: '^1.0.0',
  configSchema: lazySchema(() => import('./config-schema.js').then((m) => m.redisConfigSchema)),
  settings: redisSettings,
  migrations: 'none',
  async open(config: RedisConfig) {
    const { RedisBackend } = await import('./redis-backend.js');
    return RedisBackend.open({
      host: config.host,
      port: config.port,
      db: config.db,
      password: config.password,
      username: config.username,
      ttl: config.ttl,
      keyPrefix: config.key_prefix,
      connectTimeoutMs: config.connect_timeout * 1000,
      commandTimeoutMs: config.command_timeout * 1000,
      tls:
        config.tls === 'disable'
          ? undefined
          : { mode: config.tls, rootCert: config.tls_root_cert, cert: config.tls_cert, key: config.tls_key },
    });
  },
});
