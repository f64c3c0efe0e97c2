import { runBackendSuite } from '@infer/core/testing';
import { ThrowawayRedisCluster, redisEnabled, uniquePrefix } from '@infer/test-servers/redis';
import { afterAll } from 'vitest';
import { redisBackend } from '../src/index.js';

// One throwaway cluster for the file; every backend the suite opens works under a fresh prefix on it.
const started = redisEnabled ? ThrowawayRedisCluster.start() : undefined;
started?.catch(() => {}); // reported by the first test that needs it
afterAll(async () => {
  await (await started?.catch(() => undefined))?.stop();
});

// The contract on a Redis Cluster: the layout of cluster-keys.ts, listing merged across its buckets.
runBackendSuite({
  descriptor: redisBackend,
  server: redisEnabled,
  groups: { descriptor: false },
  newStorage: async () => ({
    cluster: { nodes: (await started!).nodes },
    connect_timeout: 2,
    key_prefix: uniquePrefix(),
  }),
});
