import type { ConversationEntry, ConversationMetadata } from '../domain/conversation.js';

/**
 * The `conversations` columns a save or a metadata update writes, in the schema of earlier
 * releases' PostgreSQL backend (migration 001) plus `metadata`, the whole document (003): `id`
 * first, in the order of {@link conversationColumnValues}. One list, so that an upsert and an
 * update cannot drift apart.
 */
export const CONVERSATION_COLUMNS = Object.freeze([
  'id',
  'title',
  'created_at',
  'updated_at',
  'model',
  'tags',
  'summary',
  'optimized_messages',
  'token_stats',
  'cost_stats',
  'title_generated',
  'title_invalidated',
  'title_generation_time',
  'metadata',
] as const);

/** `model` holds at most this many characters; the document keeps the whole name. */
const MODEL_COLUMN_LENGTH = 255;

/** How a database takes the values of {@link conversationColumnValues}; each defaults to "as is". */
export interface ColumnEncoding {
  /** An RFC 3339 timestamp as its column takes it (MySQL: UTC `DATETIME` text); may throw on a bad one. */
  readonly time?: (timestamp: string) => unknown;
  /** Text as its column takes it (PostgreSQL: without U+0000). */
  readonly text?: (text: string) => string;
  /** A JSON column's value (tags, token and cost stats). Default `JSON.stringify`. */
  readonly json?: (value: unknown) => string;
  /** A document's JSON: the metadata, the optimized messages. Default `JSON.stringify`. */
  readonly document?: (value: unknown) => string;
}

/**
 * The values of {@link CONVERSATION_COLUMNS} for `metadata`, as earlier releases wrote the columns
 * (they scan `model`, `summary`, `tags` and `token_stats` into non-null values), plus the document
 * that keeps every field exactly. Optimized messages live only in their column, not twice.
 *
 * @example
 * const values = conversationColumnValues(metadata, { time: toUtcDatetime });
 * await executor.run(`INSERT INTO conversations (${CONVERSATION_COLUMNS.join(', ')}) VALUES (...)`, values);
 */
export function conversationColumnValues(metadata: ConversationMetadata, encoding: ColumnEncoding = {}): unknown[] {
  const { time = (t) => t, text = (t) => t, json = JSON.stringify, document = JSON.stringify } = encoding;
  const { optimized_messages, ...rest } = metadata;
  return [
    metadata.id,
    text(metadata.title),
    time(metadata.created_at),
    time(metadata.updated_at),
    Array.from(text(metadata.model ?? ''))
      .slice(0, MODEL_COLUMN_LENGTH)
      .join(''),
    json(metadata.tags ?? []),
    text(metadata.summary ?? ''),
    optimized_messages === undefined ? null : document(optimized_messages),
    json(metadata.token_stats ?? {}),
    json(metadata.cost_stats ?? {}),
    metadata.title_generated ?? false,
    metadata.title_invalidated ?? false,
    optionalTime(metadata.title_generation_time, time),
    document(rest),
  ];
}

/**
 * The time of each entry for `conversation_entries.created_at`, as RFC 3339 in UTC: its own, or
 * `fallback` (the conversation's update time) for an entry without a readable one (the column is
 * NOT NULL).
 *
 * @example
 * entryTimes([{ time: '2025-12-19T20:00:00+02:00' }, {}], '2025-12-20T09:00:00Z')
 * // ['2025-12-19T18:00:00.000Z', '2025-12-20T09:00:00Z']
 */
export function entryTimes(entries: readonly ConversationEntry[], fallback: string): string[] {
  return entries.map((entry) => {
    const instant = typeof entry.time === 'string' ? Date.parse(entry.time) : Number.NaN;
    return Number.isNaN(instant) ? fallback : new Date(instant).toISOString();
  });
}

function optionalTime(timestamp: unknown, time: (timestamp: string) => unknown): unknown {
  if (typeof timestamp !== 'string') return null;
  try {
    return time(timestamp);
  } catch {
    return null;
  }
}

/**
 * A timestamp (RFC 3339 text or a Date) as the text of a MySQL `DATETIME(6)` that holds UTC,
 * `2025-12-19 16:25:00.000`: the family's encoding of every time column, the ledger's included.
 * Throws a RangeError for text that is not a timestamp.
 *
 * @example
 * utcDatetime('2025-12-19T18:25:00+02:00') // '2025-12-19 16:25:00.000'
 */
export function utcDatetime(timestamp: string | Date): string {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : timestamp.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an RFC 3339 timestamp: ${String(timestamp)}`);
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
