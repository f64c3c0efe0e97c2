import type { ConversationMetadata, CostStats, TokenStats } from '@infer/core';
import { type ColumnEncoding, metadataOfRow } from '@infer/core/kit';
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

/**
 * How the columns take the values of `conversationColumnValues`: as earlier releases wrote them
 * (so that they can still read the row), plus the document of migration 003 that keeps every field
 * exactly. JSON goes as text: the parameter's type is the column's. U+0000: see nul.ts (the columns
 * get U+FFFD, the documents keep it escaped).
 */
export const COLUMN_ENCODING: ColumnEncoding = Object.freeze({
  text: replacingNul,
  json: (value: unknown) => JSON.stringify(replacingNul(value)),
  document: (value: unknown) => JSON.stringify(Array.isArray(value) ? value.map(storable) : storable(value)),
});

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
