import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryBackend } from '@infer/backend-memory';
import { PostgresBackend } from '@infer/backend-postgres';
import { RedisBackend, type RedisConfigInput } from '@infer/backend-redis';
import { SqliteBackend } from '@infer/backend-sqlite';
import type { StorageBackend } from '@infer/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabases, postgresEnabled, postgresSettings } from '@infer/test-servers/postgres';
import { redisEnabled, sharedRedisBackends } from '@infer/test-servers/redis';
import { repetitions } from './scale.js';
import { conversations } from './support/conversations.js';

const RUNS = repetitions({ full: 10_000, ci: 100 });
const redis = sharedRedisBackends((config: RedisConfigInput) => RedisBackend.open({ config }));
const directory = mkdtempSync(join(tmpdir(), 'infer-fuzz-'));
afterAll(async () => {
  await redis.cleanup();
  await dropDatabases();
  rmSync(directory, { recursive: true, force: true });
});

const { any, postgres } = conversations;
/**
 * PostgreSQL refuses an id with U+0000 (a typed error before anything is written, proven in
 * packages/backend-postgres/test/nul-and-offsets.test.ts), so its conversations leave that one
 * case out; everything else, U+0000 in any other string or key and offsets up to ±23:59 included,
 * every backend gets.
 */
const backends: [string, boolean, () => Promise<StorageBackend>, typeof any][] = [
  ['memory', true, () => MemoryBackend.open(), any],
  ['sqlite', true, () => SqliteBackend.open({ config: { path: join(directory, 'fuzz.db') } }), any],
  [
    'postgres',
    postgresEnabled,
    async () => PostgresBackend.open({ config: postgresSettings(await createDatabase()) }),
    postgres,
  ],
  ['redis', redisEnabled, () => redis.open(), any],
];

describe('round-trip fuzzing: whatever is saved loads back deep-equal, on every backend', () => {
  for (const [name, enabled, open, conversation] of backends) {
    it.runIf(enabled)(
      `${name}: ${RUNS} random conversations (any unicode, huge and empty contents, unknown nested fields, ` +
        'extreme numbers, offset timestamps)',
      async () => {
        const backend = await open();
        try {
          await fc.assert(
            fc.asyncProperty(conversation, async (saved) => {
              const copy = structuredClone(saved);
              await backend.save(saved);
              expect(await backend.load(saved.metadata.id)).toStrictEqual(copy);
              await backend.delete(saved.metadata.id);
            }),
            { numRuns: RUNS },
          );
        } finally {
          await backend.close();
        }
      },
      RUNS * 500,
    );
  }
});
