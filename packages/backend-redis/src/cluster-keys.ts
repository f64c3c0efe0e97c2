import { KeySpace, type Layout } from './keys.js';

/**
 * The hash tags of the index buckets of a cluster. Tag `i` hashes to slot `(i + 0.5) × 1024` (CRC16 mod 16384, as
 * `CLUSTER KEYSLOT` says), so the buckets lie evenly over the slots and spread evenly over the masters of any
 * cluster whose slots are split in equal ranges (3 masters: 5, 6 and 5 buckets). Sixteen spread over up to 16
 * masters, and keep a listing at 16 short range reads. Part of the key layout: never change them.
 */
export const BUCKET_TAGS = Object.freeze([
  'c0yn8',
  'c16hr',
  'c225l',
  'c31vv',
  'c41z2',
  'c5g3x',
  'c66d6',
  'c7qkd',
  'c82x2',
  'c9920',
  'ca5xk',
  'cbzp',
  'cc23e',
  'cdclv',
  'ceb',
  'cf952',
]);

/**
 * The key layout on a Redis Cluster. Conversation `id` lives in bucket `fnv1a(id) mod 16`; a bucket is the earlier
 * layout under the prefix `<prefix>{<tag>}`: `<prefix>{<tag>}conversation:<id>`,
 * `<prefix>{<tag>}conversation:<id>:entries` and the index `<prefix>{<tag>}conversations:index`. Redis hashes only
 * the tag between the braces, so the keys of one conversation and its index entry share one slot: a save stays one
 * MULTI/EXEC on one node.
 */
export class ClusterKeySpace implements Layout {
  readonly buckets: readonly KeySpace[];

  constructor(prefix = '') {
    this.buckets = BUCKET_TAGS.map((tag) => new KeySpace(`${prefix}{${tag}}`));
  }

  bucketOf(id: string): KeySpace {
    return this.buckets[fnv1a(id) % this.buckets.length]!.bucketOf(id);
  }

  healthProbes(): string[] {
    return this.buckets.map((bucket) => bucket.healthProbe());
  }
}

/** 32-bit FNV-1a of the UTF-8 bytes of `text`: spreads ids evenly, the same on every machine and release. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
