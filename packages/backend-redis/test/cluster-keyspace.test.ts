import { type Conversation, ErrorCode, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { ThrowawayRedisCluster, redisEnabled, uniquePrefix } from '@infer/test-servers/redis';
import { Cluster } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_TAGS, ClusterKeySpace, RedisBackend, type RedisConfigInput, fnv1a } from '../src/index.js';
import { sharedBackends } from './helpers.js';

let cluster: ThrowawayRedisCluster;
let raw: Cluster;
const opened: RedisBackend[] = [];
const single = sharedBackends();

/** A backend on the cluster under a fresh prefix (unless `config` names one). */
async function onCluster(config: RedisConfigInput = {}): Promise<RedisBackend> {
  const backend = await RedisBackend.open({
    config: { cluster: { nodes: [cluster.nodes[0]!] }, key_prefix: uniquePrefix(), connect_timeout: 2, ...config },
  });
  opened.push(backend);
  return backend;
}

/**
 * 60 conversations over the buckets: ids of every kind (one beyond the BMP, whose UTF-8 bytes order differently
 * from its UTF-16 code units), ten of them updated at one instant, so that ties between buckets are ordered too.
 */
const CONVERSATIONS: Conversation[] = Array.from({ length: 60 }, (_, i) => {
  const second = i < 10 ? 0 : i;
  const id = [`c-${i}`, `\u{1F600}-${i}`, `\uFF21-${i}`][i % 3]!;
  return minimal(id, `2025-06-01T10:00:${String(second % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`, {
    ...(i < 10 ? { updated_at: '2025-06-01T09:00:00Z' } : {}),
    ...(i % 4 === 0 ? { title_generated: false } : { title_generated: true }),
  });
});

describe.runIf(redisEnabled)('the key layout on a Redis Cluster', () => {
  beforeAll(async () => {
    cluster = await ThrowawayRedisCluster.start();
    raw = new Cluster([cluster.nodes[0]!], { lazyConnect: true });
    await raw.connect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((backend) => backend.close()));
    await single.cleanup();
  });
  afterAll(async () => {
    raw?.disconnect();
    await cluster?.stop();
  });

  it('has 16 bucket tags on evenly spaced slots, 5, 6 and 5 of them on the three masters', async () => {
    const slots = await Promise.all(BUCKET_TAGS.map((tag) => raw.cluster('KEYSLOT', tag)));
    expect(slots).toEqual(BUCKET_TAGS.map((_, i) => (i + 0.5) * 1024));
    const ranges = (await raw.cluster('SLOTS')) as [number, number, [string, number]][];
    const owners = slots.map((slot) => ranges.find(([from, to]) => from <= slot && slot <= to)![2].join(':'));
    const counts = [...new Set(owners)].map((owner) => owners.filter((o) => o === owner).length);
    expect(counts.sort()).toEqual([5, 5, 6]);
  });

  it('keeps both keys of a conversation and its index entry under its bucket tag, in one slot', async () => {
    // The bucket is part of the layout: FNV-1a's published values, then the bucket of an id.
    expect([fnv1a(''), fnv1a('a'), fnv1a('foobar')]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    const prefix = uniquePrefix();
    const backend = await onCluster({ key_prefix: prefix });
    await backend.save(minimal('c1', '2025-06-01T10:00:00.250Z'));
    const tag = `${prefix}{${BUCKET_TAGS[fnv1a('c1') % 16]}}`;
    expect(new ClusterKeySpace(prefix).bucketOf('c1').index).toBe(`${tag}conversations:index`);
    expect(await raw.exists(`${tag}conversation:c1`, `${tag}conversation:c1:entries`)).toBe(2);
    expect(Number(await raw.zscore(`${tag}conversations:index`, 'c1'))).toBe(
      Date.parse('2025-06-01T10:00:00.250Z') / 1000,
    );
    await backend.delete('c1');
    expect(await raw.exists(`${tag}conversation:c1`, `${tag}conversation:c1:entries`)).toBe(0);
    expect(await raw.zcard(`${tag}conversations:index`)).toBe(0);
  });

  it('lists and pages exactly as one server does, merged across the buckets', async () => {
    const [clustered, alone] = [await onCluster(), await single.open()];
    for (const conversation of CONVERSATIONS)
      await Promise.all([clustered.save(conversation), alone.save(conversation)]);
    const buckets = new Set(CONVERSATIONS.map(({ metadata }) => fnv1a(metadata.id) % 16));
    expect(buckets.size).toBeGreaterThan(10);
    for (const [offset, limit] of [
      [0, 100],
      [0, 7],
      [5, 7],
      [9, 3],
      [55, 10],
      [60, 5],
    ] as const) {
      expect(await clustered.list({ offset, limit }), `offset ${offset}, limit ${limit}`).toEqual(
        await alone.list({ offset, limit }),
      );
    }
    expect((await clustered.list({ limit: 100 })).length).toBe(60);
    for (const limit of [1, 4, 100]) {
      expect(await clustered.listNeedingTitles(limit)).toEqual(await alone.listNeedingTitles(limit));
    }
  });

  it('skips and prunes index entries whose conversation is gone (expired), keeping pages full', async () => {
    const prefix = uniquePrefix();
    const backend = await onCluster({ key_prefix: prefix });
    for (const conversation of CONVERSATIONS.slice(10, 30)) await backend.save(conversation);
    const keys = new ClusterKeySpace(prefix);
    const gone = ['c-12', '\u{1F600}-13', '\uFF21-14'];
    for (const id of gone) await raw.del(keys.bucketOf(id).metadata(id));
    const page = await backend.list({ limit: 10 });
    expect(page.map((s) => s.id)).toEqual(
      CONVERSATIONS.slice(10, 30)
        .map(({ metadata }) => metadata.id)
        .filter((id) => !gone.includes(id))
        .reverse()
        .slice(0, 10),
    );
    await backend.list({ limit: 100 });
    for (const id of gone) expect(await raw.zscore(keys.bucketOf(id).index, id)).toBeNull();
  });

  it('waits for wait_replicas on the master of each write; fewer in the command timeout is one line', async () => {
    const prefix = uniquePrefix();
    const confirmed = await onCluster({ key_prefix: prefix, wait_replicas: 1 });
    await confirmed.save(minimal('w', '2025-06-01T10:00:00Z'));
    await confirmed.updateMetadata('w', minimal('w', '2025-06-02T10:00:00Z').metadata);
    await confirmed.delete('w');
    await confirmed.save(minimal('w', '2025-06-03T10:00:00Z'));

    // Each master has one replica: two never confirm.
    const unconfirmed = await onCluster({ key_prefix: prefix, wait_replicas: 2, command_timeout: 1 });
    const started = Date.now();
    const error = await unconfirmed.save(minimal('w2', '2025-06-01T10:00:00Z')).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(
        /^Redis Cluster at 127\.0\.0\.1:\d+: the write was made on the master but not confirmed on 2 replicas /.source +
          /within 0\.5 s \([01] acknowledged\); check the replicas and their link to the master, or lower /.source +
          /storage\.redis\.wait_replicas$/.source,
      ),
    );
    // Made on the master all the same.
    expect((await confirmed.load('w2')).metadata.id).toBe('w2');
  });

  it('fails to open in one line when no node of the cluster answers', async () => {
    const error = await RedisBackend.open({
      config: { cluster: { nodes: ['127.0.0.1:1', '127.0.0.1:2'] }, connect_timeout: 1 },
    }).catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    // In the words of one server, for the first node.
    expect((error as Error).message).toBe(
      'cannot connect to Redis Cluster at 127.0.0.1:1, database "0": connection refused (connect ECONNREFUSED ' +
        '127.0.0.1:1)',
    );
    expect((error as { hint?: string }).hint).toBe(
      'check that the nodes in storage.redis.cluster.nodes run and are reachable, or raise ' +
        'storage.redis.connect_timeout',
    );
  });
});
