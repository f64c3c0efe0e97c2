import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { testsUse } from './test-backends.js';

export { ThrowawayRedisCluster } from './redis-cluster.js';
export type { ThrowawayClusterOptions } from './redis-cluster.js';

/** The shared server every machine runs (services.md); tests touch only keys under their own prefix. */
export const SHARED = Object.freeze({ host: '127.0.0.1', port: 6379 });

/** Contributors without Redis leave these tests out with INFER_TEST_BACKENDS (docs/services.md). */
export const redisEnabled = testsUse('redis');

/** A key prefix no other run or test uses: `infer-test:<pid>:<random>:`. */
export function uniquePrefix(): string {
  return `infer-test:${process.pid}:${randomBytes(6).toString('hex')}:`;
}

/** A plain client for looking at or preparing raw keys, on the shared server unless told otherwise. */
export function rawClient(options: RedisOptions = {}): Redis {
  return new Redis({ ...SHARED, maxRetriesPerRequest: 1, ...options });
}

/** Every key under `prefix` (SCAN, never KEYS), sorted. */
export async function keysUnder(client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return [...new Set(found)].sort();
}

/** Deletes every key under `prefix`, and nothing else. */
export async function removeKeys(client: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(client, prefix);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
}

/** The settings a Redis backend of the tests takes, as far as the shared server and its keys go. */
interface SharedSettings {
  host?: string;
  port?: number;
  connect_timeout?: number;
  key_prefix?: string;
  db?: number;
}

/**
 * Opens backends on the shared server through `open` (the backend's own `open`), each under a
 * fresh prefix, and removes their keys (in every database they used) when `cleanup` runs; call it
 * from `afterAll`/`afterEach`.
 */
export function sharedRedisBackends<C extends SharedSettings, B extends { close(): Promise<void> }>(
  open: (config: C) => Promise<B>,
) {
  const opened: { backend: B; prefix: string; db: number }[] = [];
  return {
    async open(config: C = {} as C): Promise<B> {
      const prefix = config.key_prefix ?? uniquePrefix();
      const backend = await open({ ...SHARED, connect_timeout: 2, ...config, key_prefix: prefix });
      opened.push({ backend, prefix, db: config.db ?? 0 });
      return backend;
    },
    prefixOf(backend: B): string {
      return opened.find((o) => o.backend === backend)!.prefix;
    },
    async cleanup(): Promise<void> {
      const byDb = new Map<number, Redis>();
      for (const { backend, prefix, db } of opened.splice(0)) {
        await backend.close();
        if (!byDb.has(db)) byDb.set(db, rawClient({ db }));
        await removeKeys(byDb.get(db)!, prefix);
      }
      for (const client of byDb.values()) await client.quit();
    },
  };
}

/**
 * The arguments of a throwaway redis-server whose default user needs `password` and which has an
 * ACL user `user` (every key, channel and command) with a password of its own.
 */
export function passwordArgs(password: string, user: { name: string; password: string }): string[] {
  return ['--requirepass', password, '--user', user.name, 'on', `>${user.password}`, '~*', '&*', '+@all'];
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
