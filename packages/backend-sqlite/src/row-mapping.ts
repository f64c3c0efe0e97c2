import type { ConversationEntry, ConversationMetadata, JsonValue } from '@infer/core';
import { metadataOfColumns, metadataOfRow, parseStoredJson } from '@infer/core/kit';

/** A `conversations` row as SQLite returns it (entries and optimized messages as JSON text). */
export interface ConversationRow {
  id: string;
  title: string;
  count: number;
  optimized_messages: string | null;
  total_input_tokens: number;
  total_output_tokens: number;
  request_count: number;
  cost_stats: string | null;
  models: string | null;
  tags: string | null;
  summary: string | null;
  title_generated: number | null;
  title_invalidated: number | null;
  title_generation_time: string | null;
  created_at: string;
  updated_at: string;
  metadata: string | null;
}

/** The columns of 001 that hold metadata, but for the optimized messages. */
const COLUMNS_OF_001 =
  'id, title, count, total_input_tokens, total_output_tokens, request_count, cost_stats, ' +
  'models, tags, summary, title_generated, title_invalidated, title_generation_time, created_at, updated_at';

/** The columns a summary needs: the metadata but for the optimized messages, which listings drop. */
export const SUMMARY_COLUMNS = `${COLUMNS_OF_001}, metadata`;

/** Bytes of the JSON texts a conversation is stored as, from the row's record without reading them. */
const STORED_BYTES =
  'octet_length(messages) + ifnull(octet_length(metadata), 0) + ifnull(octet_length(optimized_messages), 0)';
const fits = (column: string) => `CASE WHEN ${STORED_BYTES} <= @maxBytes THEN ${column} END AS ${column}`;

/**
 * Parameters `@id`, `@maxBytes`. A whole conversation and `stored_bytes`; beyond `@maxBytes` its
 * JSON texts (metadata document, optimized messages, entries) are not read (null).
 */
const DOCUMENTS = ['metadata', 'optimized_messages', 'messages'].map(fits).join(', ');
export const LOAD_CONVERSATION = `SELECT ${COLUMNS_OF_001}, ${DOCUMENTS},
  ${STORED_BYTES} AS stored_bytes FROM conversations WHERE id = @id`;

/**
 * Column values for a conversation. The columns are what earlier releases read and query; the
 * `metadata` document (migration 003) keeps every field exactly, those without a column included.
 * Optimized messages live only in their column, so they are not stored twice.
 */
export function toColumns(metadata: ConversationMetadata, entries: readonly ConversationEntry[]) {
  const { optimized_messages, ...document } = metadata;
  const stats = metadata.token_stats ?? {};
  return {
    id: metadata.id,
    title: metadata.title,
    count: entries.length,
    optimized_messages: optimized_messages === undefined ? null : JSON.stringify(optimized_messages),
    total_input_tokens: stats.total_input_tokens ?? 0,
    total_output_tokens: stats.total_output_tokens ?? 0,
    request_count: stats.request_count ?? 0,
    cost_stats: JSON.stringify(metadata.cost_stats ?? {}),
    models: JSON.stringify(modelsOf(metadata, entries)),
    tags: JSON.stringify(metadata.tags ?? []),
    summary: metadata.summary ?? '',
    title_generated: metadata.title_generated ? 1 : 0,
    title_invalidated: metadata.title_invalidated ? 1 : 0,
    title_generation_time: metadata.title_generation_time ?? null,
    created_at: metadata.created_at,
    updated_at: metadata.updated_at,
    metadata: JSON.stringify(document),
  };
}

/** The metadata of a row (see core's `metadataOfRow`), with its optimized messages. */
export function fromRow(row: ConversationRow): ConversationMetadata {
  // A document that is not JSON (another program wrote the row) reads as earlier releases read it: from the columns.
  const document = parseJson<ConversationMetadata>(row.metadata);
  const metadata = metadataOfRow(document, document?.updated_at === row.updated_at, () => fromColumns(row));
  if (row.optimized_messages !== null)
    metadata.optimized_messages = parseStoredJson<ConversationEntry[]>(
      row.id,
      row.optimized_messages,
      'its optimized_messages column',
    );
  return metadata;
}

/** The columns of a row decoded (see core's `metadataOfColumns`): token stats from their three columns. */
function fromColumns(row: ConversationRow): ConversationMetadata {
  return metadataOfColumns({
    ...row,
    message_count: row.count,
    token_stats: {
      total_input_tokens: row.total_input_tokens,
      total_output_tokens: row.total_output_tokens,
      total_tokens: row.total_input_tokens + row.total_output_tokens,
      request_count: row.request_count,
    },
    cost_stats: parseJson(row.cost_stats),
    model: parseJson<string[]>(row.models)?.[0],
    tags: parseJson(row.tags),
    title_generated: Boolean(row.title_generated),
    title_invalidated: Boolean(row.title_invalidated),
  });
}

/** Models seen in the entries, the conversation's own model first (earlier releases read `models[0]`). */
function modelsOf(metadata: ConversationMetadata, entries: readonly ConversationEntry[]): string[] {
  const models = new Set<string>(metadata.model ? [metadata.model] : []);
  for (const entry of entries) if (entry.model) models.add(entry.model);
  return [...models];
}

function parseJson<T extends JsonValue | object>(text: string | null): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
