import type { ConversationEntry, ConversationMetadata } from '@infer/core';
import { needsTitle } from '@infer/core/kit';
import { parseStored } from './codec.js';
import type { Connection } from './connection.js';
import type { KeySpace, Layout } from './keys.js';

/**
 * Removes index members whose metadata key is gone (expired by TTL, which earlier releases never
 * cleaned up), but only if it is still gone when the script runs: a conversation saved again in the
 * meantime keeps its member. Atomic, as every script is.
 */
const PRUNE_SCRIPT = `
local removed = 0
for i, id in ipairs(ARGV) do
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then removed = removed + redis.call('ZREM', KEYS[1], id) end
end
return removed`;

/**
 * KEYS[1]: an index; ARGV: a score (as ZSCORE replied it), a limit. The members from that score down,
 * WITHSCORES: all those at the score, then `limit` more, enough for the page after any member at it.
 */
const FROM_SCORE_SCRIPT = `
local ties = redis.call('ZCOUNT', KEYS[1], ARGV[1], ARGV[1])
return redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'WITHSCORES', 'LIMIT', 0, ties + tonumber(ARGV[2]))`;

/** An index member: the id in its keys, its score, and the bucket whose index lists it. */
interface Member {
  readonly id: string;
  readonly score: number;
  readonly bucket: KeySpace;
}

/** A conversation found in the index: its member and its metadata. */
export interface IndexRow extends Member {
  readonly metadata: ConversationMetadata;
}

/** Re-reads of a page after pruning; concurrent expiries could otherwise keep a reader busy. */
const MAX_PRUNE_ROUNDS = 3;

/** Index members per round trip when looking for conversations that need titles. */
const TITLE_BATCH = 50;

/**
 * Reads of the index, newest first (highest score first; members with equal scores in reverse byte
 * order of their ids, Redis's own stable order). One server has one index: a page is one ZREVRANGE
 * and one MGET. A cluster has several (its buckets): a page at `offset` reads the first
 * `offset + limit` members of each, merges them in that same order, and reads the metadata of the
 * page with one MGET per bucket it touches; never a round trip per conversation.
 */
export class IndexReader {
  readonly #connection: Connection;
  readonly #layout: Layout;

  constructor(connection: Connection, layout: Layout) {
    this.#connection = connection;
    this.#layout = layout;
  }

  /**
   * The conversations at positions `offset` to `offset + limit - 1`, and whether the index ended
   * before the page did. Members of expired conversations are pruned and the page read again, so
   * pages stay full and the index does not grow with every expiry.
   */
  async page(offset: number, limit: number): Promise<{ rows: IndexRow[]; exhausted: boolean }> {
    return this.#rows(() => this.#members(offset, limit), limit);
  }

  /**
   * The conversations after the member `after` in the order of {@link page}, or null when the index
   * does not list it. Each bucket is read from the cursor's score down (ZREVRANGEBYSCORE), those up to
   * the cursor in tie order left out, then merged: as fast deep in the index as at its start.
   */
  async pageAfter(after: string, limit: number): Promise<IndexRow[] | null> {
    const score = await this.#connection.run((c) => c.zscore(this.#layout.bucketOf(after).index, after));
    if (score === null) return null;
    const cursor = { id: after, score: Number(score) };
    const members = async () => {
      const { buckets } = this.#layout;
      const replies = await Promise.all(
        buckets.map((bucket) =>
          this.#connection.run((c) => c.eval(FROM_SCORE_SCRIPT, 1, bucket.index, score, limit) as Promise<string[]>),
        ),
      );
      const following = replies.flatMap((reply, b) =>
        membersOf(reply, buckets[b]!).filter((m) => newestFirst(cursor, m) < 0),
      );
      return following.sort(newestFirst).slice(0, limit);
    };
    return (await this.#rows(members, limit)).rows;
  }

  /** The rows of `members()` with their metadata, read again after pruning members whose conversation expired. */
  async #rows(read: () => Promise<Member[]>, limit: number): Promise<{ rows: IndexRow[]; exhausted: boolean }> {
    if (limit <= 0) return { rows: [], exhausted: false };
    for (let round = 0; ; round++) {
      const members = await read();
      const values = await this.#values(members, (bucket, id) => bucket.metadata(id));
      const missing = members.filter((_, i) => values[i] === null);
      if (missing.length === 0 || round === MAX_PRUNE_ROUNDS) {
        const rows = members.flatMap((member, i) => {
          const text = values[i];
          const key = member.bucket.metadata(member.id);
          return text == null ? [] : [{ ...member, metadata: parseStored<ConversationMetadata>(member.id, key, text) }];
        });
        return { rows, exhausted: members.length < limit };
      }
      await this.#prune(missing);
    }
  }

  /**
   * Up to `limit` conversations needing a title, newest first, by core's `needsTitle`. The entry
   * count lives only in the entries key, so entries are fetched (one MGET a batch) for the
   * conversations whose title flags already qualify, not for every conversation. Each bucket is
   * searched on its own (the first `limit` found in each include the first `limit` of all), so a
   * cluster's search reads every member once, as one server's does.
   */
  async needingTitles(limit: number): Promise<IndexRow[]> {
    const { buckets } = this.#layout;
    if (buckets.length > 1) {
      const found = await Promise.all(buckets.map((b) => new IndexReader(this.#connection, b).needingTitles(limit)));
      return found.flat().sort(newestFirst).slice(0, limit);
    }
    const found: IndexRow[] = [];
    for (let offset = 0; found.length < limit; offset += TITLE_BATCH) {
      const { rows, exhausted } = await this.page(offset, TITLE_BATCH);
      // Flags alone: would it need a title if it had enough entries?
      const candidates = rows.filter((row) => needsTitle(row.metadata, Number.MAX_SAFE_INTEGER));
      const entries = await this.#values(candidates, (bucket, id) => bucket.entries(id));
      candidates.forEach((row, i) => {
        const text = entries[i];
        const count =
          text == null ? 0 : parseStored<ConversationEntry[]>(row.id, row.bucket.entries(row.id), text).length;
        if (found.length < limit && needsTitle(row.metadata, count)) found.push(row);
      });
      if (exhausted) break;
    }
    return found;
  }

  /** The members at positions `offset` to `offset + limit - 1` of all buckets together. */
  async #members(offset: number, limit: number): Promise<Member[]> {
    const { buckets } = this.#layout;
    // One index is read from the offset on; several each from their start, to be merged.
    const start = buckets.length === 1 ? offset : 0;
    const replies = await Promise.all(
      buckets.map((bucket) =>
        this.#connection.run((c) => c.zrevrange(bucket.index, start, offset + limit - 1, 'WITHSCORES')),
      ),
    );
    const members = replies.flatMap((reply, b) => membersOf(reply, buckets[b]!));
    return buckets.length === 1 ? members : members.sort(newestFirst).slice(offset, offset + limit);
  }

  /** The value of the key `keyOf` names for each member (null where missing): one MGET per bucket. */
  async #values(
    members: readonly Member[],
    keyOf: (bucket: KeySpace, id: string) => string,
  ): Promise<(string | null)[]> {
    const values: (string | null)[] = new Array(members.length).fill(null);
    await Promise.all(
      [...byBucket(members)].map(async ([bucket, positions]) => {
        const keys = positions.map((i) => keyOf(bucket, members[i]!.id));
        const found = await this.#connection.run((c) => c.mget(keys));
        positions.forEach((position, i) => {
          values[position] = found[i] ?? null;
        });
      }),
    );
    return values;
  }

  async #prune(members: readonly Member[]): Promise<void> {
    await Promise.all(
      [...byBucket(members)].map(([bucket, positions]) => {
        const ids = positions.map((i) => members[i]!.id);
        const keys = [bucket.index, ...ids.map((id) => bucket.metadata(id))];
        return this.#connection.run((c) => c.eval(PRUNE_SCRIPT, keys.length, ...keys, ...ids));
      }),
    );
  }
}

/** The members of a reply WITHSCORES from `bucket`'s index. */
function membersOf(reply: readonly string[], bucket: KeySpace): Member[] {
  return Array.from({ length: reply.length / 2 }, (_, i) => ({
    id: reply[2 * i]!,
    score: Number(reply[2 * i + 1]),
    bucket,
  }));
}

/** Redis's order of an index read backwards: higher scores first, then ids in reverse byte order. */
function newestFirst(a: Pick<Member, 'id' | 'score'>, b: Pick<Member, 'id' | 'score'>): number {
  return b.score - a.score || Buffer.compare(Buffer.from(b.id), Buffer.from(a.id));
}

/** The positions of `members` by the bucket that lists them, in order. */
function byBucket(members: readonly Member[]): Map<KeySpace, number[]> {
  const groups = new Map<KeySpace, number[]>();
  members.forEach((member, i) => {
    const positions = groups.get(member.bucket) ?? [];
    if (positions.length === 0) groups.set(member.bucket, positions);
    positions.push(i);
  });
  return groups;
}
