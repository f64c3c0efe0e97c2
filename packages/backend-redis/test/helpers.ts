import { sharedRedisBackends } from '@infer/test-servers/redis';
import { RedisBackend, type RedisConfigInput } from '../src/index.js';

// The shared server's key prefixes, for this package's tests as for every other's.
export * from '@infer/test-servers/redis';

/**
 * Opens backends on the shared server, each under a fresh prefix, and removes their keys (in every
 * database they used) when `cleanup` runs; call it from `afterAll`/`afterEach`.
 */
export function sharedBackends() {
  return sharedRedisBackends((config: RedisConfigInput) => RedisBackend.open({ config }));
}
