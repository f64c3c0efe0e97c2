import { testsUse } from '@infer/test-servers';
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { RedisBackend, type RedisConfigInput } from '../src/index.js';

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

/**
 * Opens backends on the shared server, each under a fresh prefix, and removes their keys (in every
 * database they used) when `cleanup` runs; call it from `afterAll`/`afterEach`.
 */
export function sharedBackends() {
  const opened: { backend: RedisBackend; prefix: string; db: number }[] = [];
  return {
    async open(config: RedisConfigInput = {}): Promise<RedisBackend> {
      const prefix = config.key_prefix ?? uniquePrefix();
      const backend = await RedisBackend.open({
        config: { ...SHARED, connect_timeout: 2, ...config, key_prefix: prefix },
      });
      opened.push({ backend, prefix, db: config.db ?? 0 });
      return backend;
    },
    prefixOf(backend: RedisBackend): string {
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

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
