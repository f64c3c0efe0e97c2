import { toSummary } from '@infer/core/kit';
import { LEGACY_COST_STATS } from '@infer/core/testing';
import { ThrowawayRedis } from '@infer/test-servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisBackend } from '../src/index.js';
import { redisEnabled, rawClient } from '@infer/test-servers/redis';
import { LEGACY_CONVERSATIONS, writeLegacyKeyspace } from './legacy-keyspace.js';

// A server of its own, so the keyspace is exactly an earlier release's: no prefix at all.
let server: ThrowawayRedis;
let raw: Redis;
let backend: RedisBackend;
const [newest, middle, oldest] = LEGACY_CONVERSATIONS as [
  (typeof LEGACY_CONVERSATIONS)[number],
  (typeof LEGACY_CONVERSATIONS)[number],
  (typeof LEGACY_CONVERSATIONS)[number],
];
const parsed = (json: string) => JSON.parse(json) as Record<string, unknown>;

describe.runIf(redisEnabled)('a keyspace written by an earlier release', () => {
  beforeAll(async () => {
    server = await ThrowawayRedis.start();
    raw = rawClient({ port: server.port });
  });
  afterAll(async () => {
    await backend?.close();
    raw?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await backend?.close();
    await raw.flushall();
    await writeLegacyKeyspace(raw);
    backend = await RedisBackend.open({ config: { host: '127.0.0.1', port: server.port } });
  });

  it('loads every field of metadata and entries, unknown ones included', async () => {
    for (const c of LEGACY_CONVERSATIONS) {
      expect(await backend.load(c.id)).toStrictEqual({
        metadata: parsed(c.metadataJson),
        entries: JSON.parse(c.entriesJson),
      });
    }
    const { metadata } = await backend.load(newest.id);
    expect(metadata.cost_stats).toStrictEqual(LEGACY_COST_STATS);
    expect(metadata.updated_at).toBe('2025-12-20T09:15:42.123456789+02:00');
    expect(metadata.summary).toBe('Rewrote the parser <fast> & safe');
  });

  it('lists newest first from the integer scores, and finds the one needing a title', async () => {
    expect(await backend.list()).toStrictEqual(
      [newest, middle, oldest].map((c) => toSummary(parsed(c.metadataJson) as never)),
    );
    expect((await backend.list({ limit: 1, offset: 1 })).map((s) => s.id)).toEqual([middle.id]);
    expect((await backend.listNeedingTitles(10)).map((s) => s.id)).toEqual([middle.id]);
  });

  it('round-trips through load and save unchanged, in the layout an earlier release reads', async () => {
    const keysBefore = (await raw.keys('*')).sort();
    for (const c of LEGACY_CONVERSATIONS) await backend.save(await backend.load(c.id));

    expect((await raw.keys('*')).sort()).toEqual(keysBefore);
    for (const c of LEGACY_CONVERSATIONS) {
      expect(await backend.load(c.id)).toStrictEqual({
        metadata: parsed(c.metadataJson),
        entries: JSON.parse(c.entriesJson),
      });
      // What an earlier release reads: two strings holding the same JSON, and a member of the index.
      expect(await raw.type(`conversation:${c.id}`)).toBe('string');
      expect(await raw.type(`conversation:${c.id}:entries`)).toBe('string');
      expect(parsed((await raw.get(`conversation:${c.id}`))!)).toStrictEqual(parsed(c.metadataJson));
      expect(JSON.parse((await raw.get(`conversation:${c.id}:entries`))!)).toStrictEqual(JSON.parse(c.entriesJson));
      // Sub-second scores keep the whole second an earlier release wrote.
      expect(Math.floor(Number(await raw.zscore('conversations:index', c.id)))).toBe(c.score);
      expect(await raw.ttl(`conversation:${c.id}`)).toBe(-1);
    }
    // An earlier release lists with ZREVRANGE alone: still newest first.
    expect(await raw.zrevrange('conversations:index', 0, -1)).toEqual([newest.id, middle.id, oldest.id]);
  });

  it('updates the metadata of an old conversation and keeps its entries', async () => {
    const before = await backend.load(middle.id);
    const metadata = {
      ...before.metadata,
      title: 'Generated title',
      title_generated: true,
      updated_at: '2025-12-21T00:00:00Z',
    };
    await backend.updateMetadata(middle.id, metadata);
    expect(await backend.load(middle.id)).toStrictEqual({ metadata, entries: before.entries });
    expect(await raw.zrevrange('conversations:index', 0, 0)).toEqual([middle.id]);
    expect(await backend.listNeedingTitles(10)).toEqual([]);
  });

  it('deletes an old conversation completely', async () => {
    await backend.delete(newest.id);
    expect(await raw.exists(`conversation:${newest.id}`, `conversation:${newest.id}:entries`)).toBe(0);
    expect(await raw.zscore('conversations:index', newest.id)).toBeNull();
    expect((await backend.list()).map((s) => s.id)).toEqual([middle.id, oldest.id]);
  });
});
