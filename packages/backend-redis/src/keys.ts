import { instantOf } from '@infer/core';

/** The suffix of an entries key; an id ending with it would collide with another conversation's key. */
const ENTRIES_SUFFIX = ':entries';

/**
 * Where a backend keeps conversations: one index or several (the buckets of a cluster), each a
 * sorted set listing the conversations whose keys share its hash slot, and the bucket of each id.
 */
export interface Layout {
  readonly buckets: readonly KeySpace[];
  /** The bucket whose index lists conversation `id`, and whose key names its keys. */
  bucketOf(id: string): KeySpace;
  /** Keys for a health probe: one in each bucket, so that a probe reaches every node that holds one. */
  healthProbes(): string[];
}

/**
 * Key names exactly as earlier releases wrote them (`conversation:<id>`, `conversation:<id>:entries`,
 * `conversations:index`), under an optional prefix. An empty prefix is the earlier layout itself, so
 * a keyspace written by an earlier release loads, and one written here is still readable by it.
 */
export class KeySpace implements Layout {
  readonly prefix: string;
  readonly index: string;
  /** One server: this key space is the only bucket. */
  readonly buckets: readonly KeySpace[] = [this];

  constructor(prefix = '') {
    this.prefix = prefix;
    this.index = `${prefix}conversations:index`;
  }

  /** The metadata key of a conversation. */
  metadata(id: string): string {
    return `${this.prefix}conversation:${checkId(id)}`;
  }

  /** The key of a conversation's entries (a JSON array). */
  entries(id: string): string {
    return `${this.prefix}conversation:${checkId(id)}${ENTRIES_SUFFIX}`;
  }

  bucketOf(id: string): KeySpace {
    checkId(id);
    return this;
  }

  /** A key for the health probe, unique per call; earlier releases used `health_check_<nanoseconds>`. */
  healthProbe(): string {
    return `${this.prefix}health_check_${process.hrtime.bigint()}_${process.pid}`;
  }

  healthProbes(): string[] {
    return [this.healthProbe()];
  }
}

/**
 * The index score of a conversation: `updated_at` in Unix seconds, as earlier releases wrote it, but
 * with the milliseconds as a fraction so conversations updated within one second still list newest
 * first. Earlier releases only ever read the order of the index, never the scores, so fractional
 * scores stay readable by them, and their integer scores (the floor of the instant) sort correctly
 * against every other second. A timestamp that does not parse sorts as the oldest (0) instead of
 * failing the save, as in the other backends.
 */
export function scoreOf(updatedAt: string): number {
  const ms = instantOf(updatedAt);
  return Number.isFinite(ms) ? ms / 1000 : 0;
}

function checkId(id: string): string {
  // `conversation:x:entries` is both the metadata key of id `x:entries` and the entries key of id
  // `x`: saving one would overwrite the other, so such ids are refused before anything is written.
  if (id.endsWith(ENTRIES_SUFFIX)) {
    throw new RangeError(
      `conversation id "${id}" cannot end with "${ENTRIES_SUFFIX}" in Redis (it would share a key with ` +
        `"${id.slice(0, -ENTRIES_SUFFIX.length)}")`,
    );
  }
  return id;
}
