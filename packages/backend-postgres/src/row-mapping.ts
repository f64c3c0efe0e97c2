import type { ConversationEntry, ConversationMetadata, CostStats, TokenStats } from '@infer/core';
import { metadataOfRow } from '@infer/core/kit';
import { replacingNul, restored, storable } from './nul.js';

/** A `conversations` row as the SELECTs of queries.ts return it (timestamps as RFC 3339 UTC text). */
export interface ConversationRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  message_count: number;
  model: string | null;
  tags: unknown;
  summary: string | null;
  token_stats: unknown;
  cost_stats: unknown;
  title_generated: boolean;
  title_invalidated: boolean;
  title_generation_time: string | null;
  /** The document of migration 003; null in rows an earlier release inserted. */
  metadata: ConversationMetadata | null;
  /** The document was written together with the row's current `updated_at`. */
  document_current: boolean | null;
}

/** The columns a save or a metadata update writes, in the order of {@link columnValues}. */
export const WRITTEN_COLUMNS = [
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
] as const;

const MODEL_COLUMN_LENGTH = 255;

/**
 * Column values for the metadata, as earlier releases wrote them (so that they can still read the
 * row: they scan `model`, `summary`, `tags` and `token_stats` into non-null values), plus the
 * document of migration 003 that keeps every field exactly. Optimized messages live only in their
 * column, so they are not stored twice. JSON goes as text: the parameter's type is the column's.
 * U+0000: see nul.ts (the columns get U+FFFD, the documents keep it escaped).
 */
export function columnValues(metadata: ConversationMetadata): unknown[] {
  const { optimized_messages, ...document } = metadata;
  return [
    metadata.id,
    replacingNul(metadata.title),
    metadata.created_at,
    metadata.updated_at,
    // The column is for queries; the document has the whole name when it is longer.
    Array.from(replacingNul(metadata.model ?? ''))
      .slice(0, MODEL_COLUMN_LENGTH)
      .join(''),
    JSON.stringify(replacingNul(metadata.tags ?? [])),
    replacingNul(metadata.summary ?? ''),
    optimized_messages === undefined ? null : JSON.stringify(optimized_messages.map(storable)),
    JSON.stringify(replacingNul(metadata.token_stats ?? {})),
    JSON.stringify(replacingNul(metadata.cost_stats ?? {})),
    metadata.title_generated ?? false,
    metadata.title_invalidated ?? false,
    metadata.title_generation_time ?? null,
    JSON.stringify(storable(document)),
  ];
}

/**
 * `conversation_entries.created_at` of each entry: its own time, as earlier releases wrote it, or
 * the conversation's update time for an entry without a readable one (the column is NOT NULL).
 */
export function entryTimes(entries: readonly ConversationEntry[], fallback: string): string[] {
  return entries.map((entry) => {
    const instant = typeof entry.time === 'string' ? Date.parse(entry.time) : Number.NaN;
    return Number.isNaN(instant) ? fallback : new Date(instant).toISOString();
  });
}

/** The metadata of a row: see core's `metadataOfRow`. */
export function fromRow(row: ConversationRow): ConversationMetadata {
  return metadataOfRow(row.metadata === null ? undefined : restored(row.metadata), row.document_current === true, () =>
    fromColumns(row),
  );
}

/** Metadata the way earlier releases read it from the columns alone. */
function fromColumns(row: ConversationRow): ConversationMetadata {
  const metadata: ConversationMetadata = {
    id: row.id,
    title: row.title,
    created_at: row.created_at,
    updated_at: row.updated_at,
    message_count: row.message_count,
    title_generated: row.title_generated,
    title_invalidated: row.title_invalidated,
  };
  if (isObject(row.token_stats)) metadata.token_stats = row.token_stats as TokenStats;
  if (isObject(row.cost_stats) && Object.keys(row.cost_stats).length > 0)
    metadata.cost_stats = row.cost_stats as CostStats;
  if (row.model) metadata.model = row.model;
  if (Array.isArray(row.tags) && row.tags.length > 0) metadata.tags = row.tags as string[];
  if (row.summary) metadata.summary = row.summary;
  if (row.title_generation_time) metadata.title_generation_time = row.title_generation_time;
  return metadata;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
