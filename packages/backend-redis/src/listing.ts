import type { ConversationEntry, ConversationMetadata } from '@infer/core';
import { needsTitle } from '@infer/core/kit';
import { parseStored } from './codec.js';
import type { Connection } from './connection.js';
import type { KeySpace } from './keys.js';

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

/** A conversation found in the index: its member (the id in its keys) and its metadata. */
export interface IndexRow {
  readonly id: string;
  readonly metadata: ConversationMetadata;
}

/** Re-reads of a page after pruning; concurrent expiries could otherwise keep a reader busy. */
const MAX_PRUNE_ROUNDS = 3;

/** Index members per round trip when looking for conversations that need titles. */
const TITLE_BATCH = 50;

/**
 * Reads of the index `conversations:index`: newest first (highest score first; members with equal
 * scores in reverse byte order of their ids, Redis's own stable order), one ZREVRANGE and one MGET
 * a page, never a round trip per conversation.
 */
export class IndexReader {
  readonly #connection: Connection;
  readonly #keys: KeySpace;

  constructor(connection: Connection, keys: KeySpace) {
    this.#connection = connection;
    this.#keys = keys;
  }

  /**
   * The metadata of the conversations at positions `offset` to `offset + limit - 1`, and whether the
   * index ended before the page did. Members of expired conversations are pruned and the page read
   * again, so pages stay full and the index does not grow with every expiry.
   */
  async page(offset: number, limit: number): Promise<{ rows: IndexRow[]; exhausted: boolean }> {
    if (limit <= 0) return { rows: [], exhausted: false };
    for (let round = 0; ; round++) {
      const ids = await this.#connection.run((c) => c.zrevrange(this.#keys.index, offset, offset + limit - 1));
      const keys = ids.map((id) => this.#keys.metadata(id));
      const values = ids.length === 0 ? [] : await this.#connection.run((c) => c.mget(keys));
      const missing = ids.filter((_, i) => values[i] === null);
      if (missing.length === 0 || round === MAX_PRUNE_ROUNDS) {
        const rows = ids.flatMap((id, i) => {
          const text = values[i];
          return text == null ? [] : [{ id, metadata: parseStored<ConversationMetadata>(id, keys[i]!, text) }];
        });
        return { rows, exhausted: ids.length < limit };
      }
      await this.#prune(missing);
    }
  }

  /**
   * Up to `limit` conversations needing a title, newest first, by core's `needsTitle`. The entry
   * count lives only in the entries key, so entries are fetched (one MGET a batch) for the
   * conversations whose title flags already qualify, not for every conversation.
   */
  async needingTitles(limit: number): Promise<ConversationMetadata[]> {
    const found: ConversationMetadata[] = [];
    for (let offset = 0; found.length < limit; offset += TITLE_BATCH) {
      const { rows, exhausted } = await this.page(offset, TITLE_BATCH);
      // Flags alone: would it need a title if it had enough entries?
      const candidates = rows.filter((row) => needsTitle(row.metadata, Number.MAX_SAFE_INTEGER));
      const counts = await this.#entryCounts(candidates.map((row) => row.id));
      candidates.forEach(({ metadata }, i) => {
        if (found.length < limit && needsTitle(metadata, counts[i]!)) found.push(metadata);
      });
      if (exhausted) break;
    }
    return found;
  }

  async #entryCounts(ids: string[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const keys = ids.map((id) => this.#keys.entries(id));
    const values = await this.#connection.run((c) => c.mget(keys));
    return values.map((text, i) =>
      text === null ? 0 : parseStored<ConversationEntry[]>(ids[i]!, keys[i]!, text).length,
    );
  }

  async #prune(ids: string[]): Promise<void> {
    const keys = [this.#keys.index, ...ids.map((id) => this.#keys.metadata(id))];
    await this.#connection.run((c) => c.eval(PRUNE_SCRIPT, keys.length, ...keys, ...ids));
  }
}
