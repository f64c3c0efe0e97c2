// storage-ops, our side: one backend of ours, opened on a store the harness migrated, runs the loop.
// Usage: node storage-ops-ours.js <type> <target JSON> <conversation id>
import { runOps } from '../lib/ops-loop.js';
import { REDIS, backendPostgresConfig } from '../lib/services.js';

/** How an application opens each backend; postgres in plain TCP like its floor (the server has no TLS). */
const OPEN = {
  sqlite: async ({ path }) => (await import('@infer/backend-sqlite')).SqliteBackend.open({ config: { path } }),
  postgres: async ({ database }) =>
    (await import('@infer/backend-postgres')).PostgresBackend.open({ config: backendPostgresConfig(database) }),
  redis: async ({ prefix }) =>
    (await import('@infer/backend-redis')).RedisBackend.open({ config: { ...REDIS, key_prefix: prefix } }),
  'redis-cluster': async ({ nodes, prefix }) =>
    (await import('@infer/backend-redis')).RedisBackend.open({ config: { cluster: { nodes }, key_prefix: prefix } }),
  memory: async () => (await import('@infer/backend-memory')).memoryBackend.open({}),
};

const [type, target, id] = process.argv.slice(2);
const backend = await OPEN[type](JSON.parse(target));
process.stdout.write(`${JSON.stringify(await runOps(backend, id))}\n`);
