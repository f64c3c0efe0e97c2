// The statements of @infer/backend-postgres (queries.ts, row-mapping.ts), rebuilt the same way
// for its floor, so that both sides send the server the very same SQL text.

const rfc3339 = (column) =>
  `rtrim(rtrim(to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z'`;

const METADATA = `c.id, c.title, ${rfc3339('c.created_at')} AS created_at, ${rfc3339('c.updated_at')} AS updated_at,
  c.message_count, c.model, c.tags, c.summary, c.token_stats, c.cost_stats,
  COALESCE(c.title_generated, FALSE) AS title_generated, COALESCE(c.title_invalidated, FALSE) AS title_invalidated,
  ${rfc3339('c.title_generation_time')} AS title_generation_time,
  c.metadata, (c.metadata->>'updated_at')::timestamptz = c.updated_at AS document_current`;

const WRITTEN_COLUMNS = [
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
];
const INSERTED = [...WRITTEN_COLUMNS, 'message_count'];

export const UPSERT_CONVERSATION = `
  INSERT INTO conversations (${INSERTED.join(', ')})
  VALUES (${INSERTED.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${INSERTED.slice(1)
    .map((column) => `${column} = EXCLUDED.${column}`)
    .join(', ')}`;

export const DELETE_ENTRIES = 'DELETE FROM conversation_entries WHERE conversation_id = $1';

export const INSERT_ENTRIES = `
  INSERT INTO conversation_entries (conversation_id, entry_data, sequence_number, created_at)
  SELECT $1, e.entry, e.n - 1, e.created_at
  FROM ROWS FROM (jsonb_array_elements($2::jsonb), unnest($3::timestamptz[]))
    WITH ORDINALITY AS e(entry, created_at, n)`;

export const LOAD_CONVERSATION = `
  SELECT ${METADATA}, c.optimized_messages,
    (SELECT COALESCE(json_agg(e.entry_data ORDER BY e.sequence_number, e.id), '[]'::json)
       FROM conversation_entries e WHERE e.conversation_id = c.id) AS entries
  FROM conversations c WHERE c.id = $1`;

export const LIST_CONVERSATIONS = `
  SELECT ${METADATA} FROM conversations c ORDER BY c.updated_at DESC, c.id LIMIT $1 OFFSET $2`;

/** row-mapping.ts's columnValues: the columns earlier releases read, then the whole document. */
export function columnValues(metadata) {
  const { optimized_messages, ...document } = metadata;
  return [
    metadata.id,
    metadata.title,
    metadata.created_at,
    metadata.updated_at,
    Array.from(metadata.model ?? '')
      .slice(0, 255)
      .join(''),
    JSON.stringify(metadata.tags ?? []),
    metadata.summary ?? '',
    optimized_messages === undefined ? null : JSON.stringify(optimized_messages),
    JSON.stringify(metadata.token_stats ?? {}),
    JSON.stringify(metadata.cost_stats ?? {}),
    metadata.title_generated ?? false,
    metadata.title_invalidated ?? false,
    metadata.title_generation_time ?? null,
    JSON.stringify(document),
  ];
}

/** row-mapping.ts's entryTimes: each entry's own instant, or the conversation's update time. */
export function entryTimes(entries, fallback) {
  return entries.map((entry) => {
    const instant = typeof entry.time === 'string' ? Date.parse(entry.time) : Number.NaN;
    return Number.isNaN(instant) ? fallback : new Date(instant).toISOString();
  });
}
