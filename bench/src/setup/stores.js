import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PostgresBackend } from '@infer/backend-postgres';
import { SqliteBackend } from '@infer/backend-sqlite';
import { ThrowawayRedisCluster } from '@infer/test-servers/redis';
import { Cluster, Redis } from 'ioredis';
import { ClusterKeySpace } from '@infer/backend-redis';
import { PgAdmin } from '../lib/pg-admin.js';
import { REDIS, backendPostgresConfig, uniqueName } from '../lib/services.js';
import { mismatch } from '../lib/ledger.js';

/**
 * The stores of the storage-ops measure, one per side so the sides never read each other's
 * writes: `targets` tells each child where to work, `inspect(target, id)` reads what a run left
 * there (a problem string, or undefined), `prepare(target)` (optional) restores it before each run,
 * `teardown` removes everything. SQL stores are migrated here by the backend itself, outside every
 * timing, so neither side's run has anything pending.
 */
export const STORE_SETUP = {
  async sqlite(ws) {
    const targets = { ours: { path: join(ws.root, 'ops-ours.db') }, raw: { path: join(ws.root, 'ops-raw.db') } };
    for (const { path } of Object.values(targets)) await (await SqliteBackend.open({ config: { path } })).close();
    const inspect = ({ path }, id) => {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        const found = db
          .prepare(
            'SELECT count(*) AS rows, max(count) AS count, max(json_array_length(messages)) AS entries FROM ' +
              'conversations WHERE id = ?',
          )
          .get(id);
        return mismatch(path, found, { rows: 1, count: 50, entries: 50 });
      } finally {
        db.close();
      }
    };
    return { targets, inspect, teardown: async () => {} };
  },

  postgres: () =>
    PgAdmin.setUp(async (admin) => {
      const targets = {};
      for (const side of ['ours', 'raw']) {
        const database = await admin.createDatabase(uniqueName(`infer_bench_ops_${side}`));
        await (await PostgresBackend.open({ config: backendPostgresConfig(database) })).close();
        targets[side] = { database };
      }
      const inspect = ({ database }, id) =>
        admin.withDatabase(database, async (client) => {
          const { rows } = await client.query(
            'SELECT (SELECT count(*)::int FROM conversations) AS rows, (SELECT count(*)::int FROM ' +
              'conversation_entries WHERE conversation_id = $1) AS entries',
            [id],
          );
          return mismatch(`database ${database}`, rows[0], { rows: 1, entries: 50 });
        });
      // Every save deletes and inserts 50 entry rows, and the shared server runs without autovacuum:
      // without a VACUUM before each run, later runs would scan ever more dead rows.
      const prepare = ({ database }) =>
        admin.withDatabase(database, (client) => client.query('VACUUM conversations, conversation_entries'));
      return { targets, inspect, prepare, teardown: () => admin.close() };
    }),

  async redis() {
    const root = `infer-bench:${uniqueName('ops')}:`;
    const targets = { ours: { prefix: `${root}ours:` }, raw: { prefix: `${root}raw:` } };
    // No retries: a server that is down fails the measure at once, with ioredis's reason.
    const client = new Redis({ ...REDIS, maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
    let lastError;
    client.on('error', (error) => (lastError = error));
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      const reason = (lastError ?? error).message;
      throw new Error(
        `Redis at ${REDIS.host}:${REDIS.port} is unreachable: ${reason}; start it (see docs/services.md) or set ` +
          'BENCH_REDIS_HOST/PORT',
      );
    }
    const inspect = async ({ prefix }, id) => {
      const [indexed, entries] = await Promise.all([
        client.zcard(`${prefix}conversations:index`),
        client.get(`${prefix}conversation:${id}:entries`),
      ]);
      return mismatch(
        `Redis prefix ${prefix}`,
        { indexed, entries: entries && JSON.parse(entries).length },
        { indexed: 1, entries: 50 },
      );
    };
    const teardown = async () => {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${root}*`, 'COUNT', 1000);
        if (keys.length) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await client.quit();
    };
    return { targets, inspect, teardown };
  },

  // A throwaway Redis Cluster (3 masters, 3 replicas) of the measure's own, both sides under prefixes of their own.
  async 'redis-cluster'() {
    const cluster = await ThrowawayRedisCluster.start();
    const nodes = cluster.nodes.slice(0, 3);
    const targets = { ours: { nodes, prefix: 'ours:' }, raw: { nodes, prefix: 'raw:' } };
    const client = new Cluster(nodes);
    const inspect = async ({ prefix }, id) => {
      const keys = new ClusterKeySpace(prefix);
      const indexed = await Promise.all(keys.buckets.map((bucket) => client.zcard(bucket.index)));
      const entries = await client.get(keys.bucketOf(id).entries(id));
      return mismatch(
        `Redis Cluster prefix ${prefix}`,
        { indexed: indexed.reduce((a, b) => a + b, 0), entries: entries && JSON.parse(entries).length },
        { indexed: 1, entries: 50 },
      );
    };
    const teardown = async () => {
      client.disconnect();
      await cluster.stop();
    };
    return { targets, inspect, teardown };
  },

  // Nothing outside the child process: the child's own report is the whole verification.
  memory: async () => ({ targets: { ours: {}, raw: {} }, inspect: () => undefined, teardown: async () => {} }),
};
