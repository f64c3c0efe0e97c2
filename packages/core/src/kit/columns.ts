import type { ConversationEntry, ConversationMetadata, CostStats, TokenStats } from '../domain/conversation.js';

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

/** A row's columns of 001 as its backend decodes them (JSON parsed, flags as booleans), each as stored. */
export interface ColumnValues {
  readonly id: string;
  readonly title: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly message_count: number;
  readonly token_stats: unknown;
  readonly cost_stats: unknown;
  readonly model: string | null | undefined;
  readonly tags: unknown;
  readonly summary: string | null;
  readonly title_generated: boolean;
  readonly title_invalidated: boolean;
  readonly title_generation_time: string | null;
}

/**
 * The metadata earlier releases read from the columns alone (for `metadataOfRow`, when a row has
 * no current document): what they wrote for a missing field (no model, `[]` tags, `{}` cost stats,
 * an empty summary) and what is not of the field's type are left out.
 *
 * @example
 * metadataOfRow(document, current, () => metadataOfColumns({ ...row, tags: JSON.parse(row.tags) }));
 */
export function metadataOfColumns(columns: ColumnValues): ConversationMetadata {
  const { token_stats, cost_stats, model, tags, summary, title_generation_time } = columns;
  const metadata: ConversationMetadata = {
    id: columns.id,
    title: columns.title,
    created_at: columns.created_at,
    updated_at: columns.updated_at,
    message_count: columns.message_count,
  };
  if (isObject(token_stats)) metadata.token_stats = token_stats as TokenStats;
  metadata.title_generated = columns.title_generated;
  metadata.title_invalidated = columns.title_invalidated;
  if (isObject(cost_stats) && Object.keys(cost_stats).length > 0) metadata.cost_stats = cost_stats as CostStats;
  if (model) metadata.model = model;
  if (Array.isArray(tags) && tags.length > 0) metadata.tags = tags as string[];
  if (summary) metadata.summary = summary;
  if (title_generation_time) metadata.title_generation_time = title_generation_time;
  return metadata;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
