import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  type ListOptions,
  DOCUMENT_LIMITS,
  NotFoundError,
  type OpenOptions,
  assertDepthWithinLimit,
} from '@infer/core';
import { BaseStorageBackend, assertSizeWithinLimit, toSummary } from '@infer/core/kit';
import type { Redis } from 'ioredis';
import { ClusterKeySpace } from './cluster-keys.js';
import { parseStored } from './codec.js';
import { type RedisConfigInput, parseRedisConfig } from './config-schema.js';
import { type Command, Connection } from './connection.js';
import { KeySpace, type Layout, scoreOf } from './keys.js';
import { type IndexRow, IndexReader } from './listing.js';
import { redisIdentity } from './identity.js';

export interface RedisBackendOptions extends OpenOptions {
  /**
   * Connection settings (`storage.redis`, as in a configuration file); missing keys take their
   * defaults. With `client`, only `ttl`, `key_prefix` and `wait_replicas` are used.
   */
  readonly config?: RedisConfigInput;
  /** Bring your own ioredis client (connected or `lazyConnect`), used as configured; the backend never closes it. */
  readonly client?: Redis;
}

/** Health probe keys outlive a crashed probe by at most this long, as in earlier releases. */
const PROBE_TTL_SECONDS = 10;

/**
 * KEYS: a conversation's metadata and entries keys; ARGV[1]: the most bytes to read. Replies the bytes
 * they hold (STRLEN), then, within the limit, both values (nil where absent or not a string, as MGET).
 */
const LOAD_SCRIPT = `
local function isText(key) return redis.call('TYPE', key).ok == 'string' end
local size = 0
for _, key in ipairs(KEYS) do if isText(key) then size = size + redis.call('STRLEN', key) end end
if size > tonumber(ARGV[1]) then return {size} end
local reply = {size}
for i, key in ipairs(KEYS) do reply[i + 1] = isText(key) and redis.call('GET', key) end
return reply`;

/**
 * Conversations in Redis, in the key layout earlier releases wrote: `conversation:<id>` (metadata
 * JSON), `conversation:<id>:entries` (entries JSON array) and the sorted set `conversations:index`
 * scored by `updated_at` in Unix seconds. On a cluster, the same in 16 buckets, each under a hash tag
 * of its own (cluster-keys.ts). Every write of a conversation is one MULTI/EXEC.
 */
export class RedisBackend extends BaseStorageBackend {
  readonly type = redisIdentity.type;
  readonly #connection: Connection;
  readonly #layout: Layout;
  readonly #index: IndexReader;
  readonly #ttl: number;

  private constructor(connection: Connection, layout: Layout, ttl: number) {
    super(redisIdentity.capabilities);
    this.#connection = connection;
    this.#layout = layout;
    this.#index = new IndexReader(connection, layout);
    this.#ttl = ttl;
  }

  /** Connects (within the connect timeout) and returns the backend; there is nothing to migrate. */
  static async open(options: RedisBackendOptions = {}): Promise<RedisBackend> {
    const config = parseRedisConfig(options.config);
    const connection = options.client
      ? Connection.adopt(options.client, config.wait_replicas)
      : await Connection.create(config);
    try {
      await connection.ready();
    } catch (error) {
      await connection.close();
      throw error;
    }
    const layout = config.cluster ? new ClusterKeySpace(config.key_prefix) : new KeySpace(config.key_prefix);
    return new RedisBackend(connection, layout, config.ttl);
  }

  async save({ metadata, entries }: Conversation): Promise<void> {
    this.assertOpen();
    // Keys and JSON first: a bad id or value is the caller's error, not a connection failure.
    const { id } = metadata;
    const keys = this.#layout.bucketOf(id);
    await this.#connection.transaction([
      this.#set(keys.metadata(id), JSON.stringify(metadata)),
      this.#set(keys.entries(id), JSON.stringify(entries)),
      ['zadd', keys.index, scoreOf(metadata.updated_at), id],
    ]);
  }

  /**
   * Refuses a conversation beyond core's DOCUMENT_LIMITS: by its size (STRLEN) before reading it, by its depth before
   * returning it.
   */
  async load(id: string): Promise<Conversation> {
    this.assertOpen();
    const bucket = this.#layout.bucketOf(id);
    const keys = [bucket.metadata(id), bucket.entries(id)] as const;
    // One script reads both keys at one instant (never metadata of one save with entries of another), and only within
    // the limit.
    const [size, metadata, entries] = (await this.#connection.run((c) =>
      c.eval(LOAD_SCRIPT, keys.length, ...keys, DOCUMENT_LIMITS.maxBytes),
    )) as [number, string | null, string | null];
    assertSizeWithinLimit(id, size);
    if (metadata == null) throw new NotFoundError(id);
    const conversation = {
      metadata: parseStored<ConversationMetadata>(id, keys[0], metadata),
      // Entries can be gone while metadata is not: an earlier release's metadata update renewed the
      // TTL of the metadata key only. The conversation is then what is left of it.
      entries: entries == null ? [] : parseStored<ConversationEntry[]>(id, keys[1], entries),
    };
    assertDepthWithinLimit(id, conversation.metadata, conversation.entries);
    return conversation;
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset, after } = RedisBackend.page(options);
    const rows = after === undefined ? (await this.#index.page(offset, limit)).rows : await this.#after(after, limit);
    return rows.map((row) => toSummary(row.metadata));
  }

  async delete(id: string): Promise<void> {
    this.assertOpen();
    const keys = this.#layout.bucketOf(id);
    const [deleted] = await this.#connection.transaction([
      ['del', keys.metadata(id), keys.entries(id)],
      ['zrem', keys.index, id],
    ]);
    if (deleted === 0) throw new NotFoundError(id);
  }

  /**
   * SET ... XX writes the metadata only if the conversation exists; ZADD ... XX re-scores its index
   * member without ever creating one, so a missing id leaves nothing behind. The entries get the
   * same TTL as the metadata, so the two keys of a conversation always expire together.
   */
  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    this.assertOpen();
    const keys = this.#layout.bucketOf(id);
    const [written] = await this.#connection.transaction([
      this.#set(keys.metadata(id), JSON.stringify(metadata), 'XX'),
      this.#ttl > 0 ? ['expire', keys.entries(id), this.#ttl] : ['persist', keys.entries(id)],
      ['zadd', keys.index, 'XX', scoreOf(metadata.updated_at), id],
    ]);
    if (written === null) throw new NotFoundError(id);
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    const found = await this.#index.needingTitles(Math.max(0, Math.trunc(limit)));
    return found.map((row) => toSummary(row.metadata));
  }

  /**
   * A SET, GET and DEL of a short-lived key in one transaction: the server reads and writes; on a cluster, one in
   * each bucket, which reaches every master that holds one.
   */
  async health(): Promise<void> {
    this.assertOpen();
    await Promise.all(this.#layout.healthProbes().map((key) => this.#probe(key)));
  }

  async #probe(key: string): Promise<void> {
    const [, value] = await this.#connection.transaction(
      [
        ['set', key, 'ok', 'EX', PROBE_TTL_SECONDS],
        ['get', key],
        ['del', key],
      ],
      { wait: false },
    );
    if (value !== 'ok') {
      throw this.#connection.failure(new Error(`the health probe read back ${JSON.stringify(value)} instead of "ok"`));
    }
  }

  protected async onClose(): Promise<void> {
    await this.#connection.close();
  }

  async #after(after: string, limit: number): Promise<IndexRow[]> {
    const rows = await this.#index.pageAfter(after, limit);
    if (rows === null) throw NotFoundError.pageCursor(after);
    return rows;
  }

  /** A SET with the configured TTL; without one, SET itself clears any TTL the key had. */
  #set(key: string, value: string, condition?: 'XX'): Command {
    const expiry = this.#ttl > 0 ? ['EX', this.#ttl] : [];
    return ['set', key, value, ...expiry, ...(condition ? [condition] : [])];
  }
}
