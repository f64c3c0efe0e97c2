// The Redis Cluster floor: ioredis's Cluster with its defaults, the key layout and commands of @infer/backend-redis
// on a cluster (cluster-keys.ts, listing.ts; the key names from its ClusterKeySpace): save is one MULTI (SET
// metadata, SET entries, ZADD index) / EXEC in the conversation's bucket, load one MGET there, list a ZREVRANGE of
// the first 50 members (with scores) of each of the 16 buckets at once, merged newest first, then one MGET per
// bucket listed.
import { ClusterKeySpace } from '@infer/backend-redis';
import { Cluster } from 'ioredis';

const summary = ({ optimized_messages: _, ...rest }) => rest;
const newestFirst = (a, b) => b.score - a.score || Buffer.compare(Buffer.from(b.id), Buffer.from(a.id));

export async function openStore({ nodes, prefix }) {
  const client = new Cluster(nodes);
  const keys = new ClusterKeySpace(prefix);
  return {
    async save({ metadata, entries }) {
      const bucket = keys.bucketOf(metadata.id);
      const replies = await client
        .multi()
        .set(bucket.metadata(metadata.id), JSON.stringify(metadata))
        .set(bucket.entries(metadata.id), JSON.stringify(entries))
        .zadd(bucket.index, Date.parse(metadata.updated_at) / 1000, metadata.id)
        .exec();
      for (const [error] of replies) if (error) throw error;
    },
    async load(id) {
      const bucket = keys.bucketOf(id);
      const [metadata, entries] = await client.mget(bucket.metadata(id), bucket.entries(id));
      return { metadata: JSON.parse(metadata), entries: JSON.parse(entries) };
    },
    async list() {
      const tops = await Promise.all(keys.buckets.map((bucket) => client.zrevrange(bucket.index, 0, 49, 'WITHSCORES')));
      const members = tops.flatMap((reply, b) =>
        Array.from({ length: reply.length / 2 }, (_, i) => ({
          id: reply[2 * i],
          score: Number(reply[2 * i + 1]),
          bucket: keys.buckets[b],
        })),
      );
      const page = members.sort(newestFirst).slice(0, 50);
      const byBucket = new Map();
      for (const member of page) byBucket.set(member.bucket, [...(byBucket.get(member.bucket) ?? []), member]);
      const values = new Map();
      await Promise.all(
        [...byBucket].map(async ([bucket, listed]) => {
          const found = await client.mget(listed.map((member) => bucket.metadata(member.id)));
          listed.forEach((member, i) => {
            values.set(member, found[i]);
          });
        }),
      );
      return page.map((member) => summary(JSON.parse(values.get(member))));
    },
    close: () => client.quit(),
  };
}
