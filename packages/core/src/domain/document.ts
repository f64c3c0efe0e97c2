import type { ConversationMetadata } from './conversation.js';

/** The metadata fields that schema 001 gives a column of their own in SQLite and PostgreSQL. */
export const COLUMN_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'title',
  'created_at',
  'updated_at',
  'message_count',
  'token_stats',
  'cost_stats',
  'model',
  'tags',
  'summary',
  'title_generated',
  'title_invalidated',
  'title_generation_time',
]);

/**
 * The metadata of a SQL row that keeps both 001's columns and a full metadata document (migration
 * 003). A current document is the metadata, exactly as saved. Otherwise an earlier release wrote
 * the row (no document), or updated it after we did (an older document): the columns win for every
 * field that has one, and the document still supplies the fields that have none, such as `context_id`.
 */
export function metadataOfRow(
  document: ConversationMetadata | undefined,
  documentIsCurrent: boolean,
  fromColumns: () => ConversationMetadata,
): ConversationMetadata {
  if (document && documentIsCurrent) return document;
  const rest = Object.fromEntries(Object.entries(document ?? {}).filter(([key]) => !COLUMN_FIELDS.has(key)));
  return { ...rest, ...fromColumns() };
}
