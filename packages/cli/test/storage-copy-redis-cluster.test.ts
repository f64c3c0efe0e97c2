import { join } from 'node:path';
import { RedisBackend } from '@infer/backend-redis';
import { type Sandbox, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import { seedConversations } from '@infer/test-servers/conversations';
import { ThrowawayRedisCluster, uniquePrefix } from '@infer/test-servers/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDocument } from './documents.js';
import { type Store, dump, redisStore, runs, seed } from './stores.js';

let cluster: ThrowawayRedisCluster;

/** A key prefix of its own on the test's cluster, configured as users write it. */
function clusterStore(sb: Sandbox): Store {
  const key_prefix = uniquePrefix();
  const nodes = cluster.nodes.slice(0, 3);
  const yaml =
    'storage:\n  type: redis\n  redis:\n    cluster:\n      nodes:\n' +
    `${nodes.map((node) => `        - "${node}"\n`).join('')}    key_prefix: "${key_prefix}"\n`;
  return {
    name: 'redis-cluster',
    config: writeConfig(sb, yaml, join(sb.root, 'redis-cluster.yaml')),
    open: () => RedisBackend.open({ config: { cluster: { nodes }, key_prefix } }),
  };
}

describe.runIf(runs('redis'))('infer storage copy between one Redis server and a Redis Cluster', () => {
  beforeAll(async () => {
    cluster = await ThrowawayRedisCluster.start();
  });
  afterAll(() => cluster?.stop());

  it('copies every conversation into the cluster and back out to another server prefix, field for field', async () => {
    const sb = sandbox();
    const [single, clustered, back] = [redisStore(sb), clusterStore(sb), redisStore(sandbox())];
    const conversations = seedConversations(40);
    await seed(single, conversations);
    const expected = Object.fromEntries(conversations.map((c) => [c.metadata.id, c]));
    const copy = (from: Store, to: Store, ...args: string[]) =>
      infer(sb, ['storage', 'copy', '--config', from.config, '--to', to.config, '--page-size', '7', ...args]);

    const into = copy(single, clustered);
    expect(into.code, into.stderr).toBe(0);
    expect(into.stdout).toMatch(
      new RegExp(
        /^Copied 42 conversations from redis \(db=0, host=127\.0\.0\.1, key_prefix=infer-cli-conv:\S+, /.source +
          /port=6379\) to redis \(cluster=\{"nodes":\["127\.0\.0\.1:\d+","127\.0\.0\.1:\d+","127\.0\.0\.1:\d+"\]\}, /
            .source +
          /db=0, key_prefix=infer-test:\S+\); skipped 0 already there\.\n/.source,
      ),
    );
    expect(await dump(clustered)).toEqual(expected);
    expect(copy(single, clustered).stdout).toMatch(/^Copied 0 conversations .*; skipped 42 already there\./);

    const out = copy(clustered, back, '--json');
    expect(out.code, out.stderr).toBe(0);
    expect(expectDocument(out.stdout, 'copyReport')).toMatchObject({ copied: 42, skipped: 0, verified: true });
    expect(await dump(back)).toEqual(expected);
  });
});
