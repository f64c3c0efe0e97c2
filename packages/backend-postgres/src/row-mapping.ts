import type { ConversationMetadata } from '@infer/core';
import { type ColumnEncoding, metadataOfColumns, metadataOfRow } from '@infer/core/kit';
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
    metadataOfColumns(row),
  );
}
