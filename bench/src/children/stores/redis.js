// The Redis floor: ioredis with its defaults, the key layout and commands of @infer/backend-redis
// (redis-backend.ts, listing.ts): save is one MULTI (SET metadata, SET entries, ZADD index) / EXEC,
// load one MGET, list one ZREVRANGE and one MGET.
import { Redis } from 'ioredis';
import { REDIS } from '../../lib/services.js';

const summary = ({ optimized_messages: _, ...rest }) => rest;

export async function openStore({ prefix }) {
  const client = new Redis(REDIS);
  const index = `${prefix}conversations:index`;
  const metadataKey = (id) => `${prefix}conversation:${id}`;
  return {
    async save({ metadata, entries }) {
      const multi = client
        .multi()
        .set(metadataKey(metadata.id), JSON.stringify(metadata))
        .set(`${metadataKey(metadata.id)}:entries`, JSON.stringify(entries));
      const replies = await multi.zadd(index, Date.parse(metadata.updated_at) / 1000, metadata.id).exec();
      for (const [error] of replies) if (error) throw error;
    },
    async load(id) {
      const [metadata, entries] = await client.mget(metadataKey(id), `${metadataKey(id)}:entries`);
      return { metadata: JSON.parse(metadata), entries: JSON.parse(entries) };
    },
    async list() {
      const ids = await client.zrevrange(index, 0, 49);
      const values = ids.length === 0 ? [] : await client.mget(ids.map(metadataKey));
      return values.map((text) => summary(JSON.parse(text)));
    },
    close: () => client.quit(),
  };
}
