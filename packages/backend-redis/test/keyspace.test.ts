import { minimal } from '@infer/core/testing';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisBackend } from '../src/index.js';
import { keysUnder, rawClient, redisEnabled, uniquePrefix } from '@infer/test-servers/redis';
import { sharedBackends } from './helpers.js';

const backends = sharedBackends();
let raw: Redis;

describe.runIf(redisEnabled)('redis keyspace on the shared server', () => {
  beforeAll(() => {
    raw = rawClient();
  });
  afterEach(() => backends.cleanup());
  afterAll(() => raw?.quit());

  it('writes exactly the three keys of the earlier layout under the prefix', async () => {
    const backend = await backends.open();
    const p = backends.prefixOf(backend);
    await backend.save(minimal('c1', '2025-06-01T10:00:00.250Z'));
    expect(await keysUnder(raw, p)).toEqual([
      `${p}conversation:c1`,
      `${p}conversation:c1:entries`,
      `${p}conversations:index`,
    ]);
    expect(await raw.type(`${p}conversations:index`)).toBe('zset');
    expect(Number(await raw.zscore(`${p}conversations:index`, 'c1'))).toBe(
      Date.parse('2025-06-01T10:00:00.250Z') / 1000,
    );
  });

  it('removes every key and the index member on delete, leaving nothing under the prefix', async () => {
    const backend = await backends.open();
    const p = backends.prefixOf(backend);
    await backend.save(minimal('gone', '2025-06-01T10:00:00Z'));
    await backend.delete('gone');
    expect(await keysUnder(raw, p)).toEqual([]);
    await backend.health();
    expect(await keysUnder(raw, p)).toEqual([]);
  });

  it('sets the TTL on both string keys when configured, renews it on update, and never on the index', async () => {
    const backend = await backends.open({ ttl: 60 });
    const p = backends.prefixOf(backend);
    await backend.save(minimal('t', '2025-06-01T10:00:00Z'));
    for (const key of [`${p}conversation:t`, `${p}conversation:t:entries`]) {
      expect(await raw.pttl(key)).toBeGreaterThan(55_000);
      expect(await raw.pttl(key)).toBeLessThanOrEqual(60_000);
    }
    expect(await raw.pttl(`${p}conversations:index`)).toBe(-1);

    await raw.pexpire(`${p}conversation:t:entries`, 5_000);
    await backend.updateMetadata('t', minimal('t', '2025-06-02T10:00:00Z').metadata);
    expect(await raw.pttl(`${p}conversation:t`)).toBeGreaterThan(55_000);
    expect(await raw.pttl(`${p}conversation:t:entries`)).toBeGreaterThan(55_000);
  });

  it('sets no TTL without one, and clears a TTL left by an earlier configuration', async () => {
    const backend = await backends.open();
    const p = backends.prefixOf(backend);
    const withTtl = await backends.open({ key_prefix: p, ttl: 60 });
    await withTtl.save(minimal('t', '2025-06-01T10:00:00Z'));
    await backend.save(minimal('t', '2025-06-01T10:00:00Z'));
    expect(await raw.pttl(`${p}conversation:t`)).toBe(-1);
    expect(await raw.pttl(`${p}conversation:t:entries`)).toBe(-1);
    await withTtl.updateMetadata('t', minimal('t', '2025-06-01T10:00:00Z').metadata);
    await backend.updateMetadata('t', minimal('t', '2025-06-01T10:00:00Z').metadata);
    expect(await raw.pttl(`${p}conversation:t`)).toBe(-1);
    expect(await raw.pttl(`${p}conversation:t:entries`)).toBe(-1);
  });

  it('isolates two backends on one server by prefix', async () => {
    const a = await backends.open();
    const b = await backends.open();
    await a.save(minimal('same-id', '2025-06-01T10:00:00Z', { title: 'in a' }));
    await b.save(minimal('same-id', '2025-06-01T10:00:00Z', { title: 'in b' }));
    await b.save(minimal('only-b', '2025-06-01T11:00:00Z'));
    expect((await a.list()).map((s) => s.title)).toEqual(['in a']);
    await a.delete('same-id');
    expect((await b.load('same-id')).metadata.title).toBe('in b');
    expect((await b.list()).map((s) => s.id)).toEqual(['only-b', 'same-id']);
  });

  it('selects another database with db', async () => {
    const backend = await backends.open({ db: 1 });
    const p = backends.prefixOf(backend);
    await backend.save(minimal('in-db-1', '2025-06-01T10:00:00Z'));
    const db1 = rawClient({ db: 1 });
    try {
      expect(await keysUnder(db1, p)).toHaveLength(3);
      expect(await keysUnder(raw, p)).toEqual([]);
    } finally {
      await db1.quit();
    }
  });

  it('lists conversations updated within one second newest first, equal instants stably across pages', async () => {
    const backend = await backends.open();
    await backend.save(minimal('early', '2025-06-01T10:00:00.100Z'));
    await backend.save(minimal('late', '2025-06-01T12:00:00.900+02:00'));
    for (const id of ['t1', 't2', 't3', 't4', 't5']) await backend.save(minimal(id, '2025-06-01T10:00:00.500Z'));
    const all = (await backend.list()).map((s) => s.id);
    expect(all).toEqual(['late', 't5', 't4', 't3', 't2', 't1', 'early']);
    const paged = [];
    for (let offset = 0; offset < 7; offset += 2) paged.push(...(await backend.list({ limit: 2, offset })));
    expect(paged.map((s) => s.id)).toEqual(all);
  });

  it('skips conversations whose keys expired and prunes them from the index, so pages stay full', async () => {
    const backend = await backends.open();
    const p = backends.prefixOf(backend);
    for (let i = 0; i < 5; i++) await backend.save(minimal(`c${i}`, `2025-06-01T10:0${i}:00Z`));
    await raw.del(
      `${p}conversation:c3`,
      `${p}conversation:c3:entries`,
      `${p}conversation:c1`,
      `${p}conversation:c1:entries`,
    );
    expect((await backend.list({ limit: 2 })).map((s) => s.id)).toEqual(['c4', 'c2']);
    // Pruning is lazy: only the page read so far is cleaned.
    expect(await raw.zrevrange(`${p}conversations:index`, 0, -1)).toEqual(['c4', 'c2', 'c1', 'c0']);
    expect((await backend.list({ limit: 2, offset: 2 })).map((s) => s.id)).toEqual(['c0']);
    expect(await raw.zrevrange(`${p}conversations:index`, 0, -1)).toEqual(['c4', 'c2', 'c0']);
  });

  it('loads a conversation whose entries expired before its metadata with no entries', async () => {
    const backend = await backends.open();
    await backend.save(minimal('half', '2025-06-01T10:00:00Z'));
    await raw.del(`${backends.prefixOf(backend)}conversation:half:entries`);
    expect((await backend.load('half')).entries).toEqual([]);
  });

  it('counts entries, not message_count, for titles, across more than one batch of the index', async () => {
    const backend = await backends.open();
    await backend.save(minimal('claims-five', '2025-06-01T10:00:02Z', { title_generated: false, message_count: 5 }, 1));
    await backend.save(
      minimal('no-count', '2025-06-01T10:00:01Z', { title_generated: false, message_count: undefined }, 2),
    );
    for (let i = 0; i < 120; i++)
      await backend.save(minimal(`titled-${i}`, '2025-06-01T09:00:00Z', { title_generated: true }));
    await backend.save(minimal('oldest', '2025-01-01T00:00:00Z', { title_generated: false }));
    expect((await backend.listNeedingTitles(10)).map((s) => s.id)).toEqual(['no-count', 'oldest']);
    expect((await backend.listNeedingTitles(1)).map((s) => s.id)).toEqual(['no-count']);
    expect(await backend.listNeedingTitles(0)).toEqual([]);
  });

  it('refuses an id that would share a key with another conversation, writing nothing', async () => {
    const backend = await backends.open();
    await expect(backend.save(minimal('x:entries', '2025-06-01T10:00:00Z'))).rejects.toThrow(RangeError);
    await expect(backend.load('x:entries')).rejects.toThrow(/cannot end with ":entries"/);
    expect(await keysUnder(raw, backends.prefixOf(backend))).toEqual([]);
  });

  it('uses a client the caller brings, connecting it lazily, and leaves it open on close', async () => {
    const client = rawClient({ lazyConnect: true });
    const backend = await RedisBackend.open({ client, config: { key_prefix: uniquePrefix() } }).catch(
      async (e: unknown) => {
        client.disconnect();
        throw e;
      },
    );
    try {
      expect(client.status).toBe('ready');
      await backend.health();
      await backend.close();
      expect(await client.ping()).toBe('PONG');
    } finally {
      await client.quit();
    }
  });
});
