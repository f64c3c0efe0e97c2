import { CONVERSATION_COLUMNS, keysetAfter } from '@infer/core/kit';

/**
 * Every statement the backend runs, parameterised. Column lists are built from one list so that the
 * upsert and the metadata update cannot drift apart.
 */

/**
 * RFC 3339 text of a TIMESTAMPTZ in UTC, its fraction without trailing zeros (`2025-12-19T18:25:00Z`),
 * whatever the session's TimeZone or DateStyle: what a row an earlier release wrote reads as.
 */
const rfc3339 = (column: string) =>
  `rtrim(rtrim(to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '0'), '.') || 'Z'`;

/**
 * The TIMESTAMPTZ of an RFC 3339 text (a parameter or a JSON field). PostgreSQL reads offsets up to
 * ±15:59 only, RFC 3339 allows ±23:59: such a time is read as if in UTC and moved back by its
 * offset (no real zone is beyond -12:00..+14:00, but writers may still produce one). Every other
 * text is cast as it always was.
 */
const timestamptz = (text: string) =>
  `(CASE WHEN ${text} ~ '[+-](1[6-9]|2[0-3]):[0-5][0-9]$' THEN (left(${text}, -6) || 'Z')::timestamptz - ` +
  `right(${text}, 6)::interval ELSE (${text})::timestamptz END)`;

/** Everything {@link ConversationRow} needs. The document is current when it was written with the row's updated_at. */
const METADATA = `c.id, c.title, ${rfc3339('c.created_at')} AS created_at, ${rfc3339('c.updated_at')} AS updated_at,
  c.message_count, c.model, c.tags, c.summary, c.token_stats, c.cost_stats,
  COALESCE(c.title_generated, FALSE) AS title_generated, COALESCE(c.title_invalidated, FALSE) AS title_invalidated,
  ${rfc3339('c.title_generation_time')} AS title_generation_time,
  c.metadata, ${timestamptz("(c.metadata->>'updated_at')")} = c.updated_at AS document_current`;

/** The listing order; idx_conversations_updated_at_id (migration 003) serves it without a sort. */
const NEWEST_FIRST = 'ORDER BY c.updated_at DESC, c.id';

const INSERTED = [...CONVERSATION_COLUMNS, 'message_count'] as const;

/** Parameter `n` as the value of `column`: text for the TIMESTAMPTZ columns (see {@link timestamptz}). */
const TIMESTAMP_COLUMNS: ReadonlySet<string> = new Set(['created_at', 'updated_at', 'title_generation_time']);
const parameter = (column: string, n: number) => (TIMESTAMP_COLUMNS.has(column) ? timestamptz(`$${n}::text`) : `$${n}`);

/** Parameters: `conversationColumnValues` then the entry count. */
export const UPSERT_CONVERSATION = `
  INSERT INTO conversations (${INSERTED.join(', ')})
  VALUES (${INSERTED.map((column, i) => parameter(column, i + 1)).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${INSERTED.slice(1)
    .map((column) => `${column} = EXCLUDED.${column}`)
    .join(', ')}`;

/** Parameters: `conversationColumnValues`, whose first value is the id. Keeps message_count: it counts the entries. */
export const UPDATE_METADATA = `
  UPDATE conversations SET ${CONVERSATION_COLUMNS.slice(1)
    .map((column, i) => `${column} = ${parameter(column, i + 2)}`)
    .join(', ')}
  WHERE id = $1`;

export const DELETE_ENTRIES = 'DELETE FROM conversation_entries WHERE conversation_id = $1';

/** Parameters: id, the entries as one JSON array, their times; one row each, numbered from 0 as before. */
export const INSERT_ENTRIES = `
  INSERT INTO conversation_entries (conversation_id, entry_data, sequence_number, created_at)
  SELECT $1, e.entry, e.n - 1, ${timestamptz('e.created_at')}
  FROM ROWS FROM (jsonb_array_elements($2::jsonb), unnest($3::text[])) WITH ORDINALITY AS e(entry, created_at, n)`;

/**
 * Parameters: id, the most bytes to send (core's DOCUMENT_LIMITS.maxBytes). One statement, so
 * metadata, entries and their size come from one snapshot. `stored_bytes` is the JSON text of the
 * metadata, optimized messages and entries; beyond the limit the entries and optimized messages are
 * not sent (null), and the backend refuses the conversation.
 */
export const LOAD_CONVERSATION = `
  SELECT ${METADATA}, s.stored_bytes,
    CASE WHEN s.stored_bytes <= $2 THEN c.optimized_messages END AS optimized_messages,
    CASE WHEN s.stored_bytes <= $2 THEN
      (SELECT COALESCE(json_agg(e.entry_data ORDER BY e.sequence_number, e.id), '[]'::json)
         FROM conversation_entries e WHERE e.conversation_id = c.id) END AS entries
  FROM conversations c
  CROSS JOIN LATERAL (
    SELECT (COALESCE(octet_length(c.metadata::text), 0) + COALESCE(octet_length(c.optimized_messages::text), 0)
      + (SELECT COALESCE(sum(octet_length(e.entry_data::text)), 0)
           FROM conversation_entries e WHERE e.conversation_id = c.id))::float8 AS stored_bytes
  ) s
  WHERE c.id = $1`;

/** Parameters: limit, offset. */
export const LIST_CONVERSATIONS = `SELECT ${METADATA} FROM conversations c ${NEWEST_FIRST} LIMIT $1 OFFSET $2`;

/** Parameters: the cursor's id, limit. An index scan of idx_conversations_updated_at_id from the cursor's row on. */
export const LIST_AFTER = `SELECT ${METADATA} FROM conversations c ${keysetAfter('updated_at', ['$1', '$1', '$1'])}
  ${NEWEST_FIRST} LIMIT $2`;

export const CONVERSATION_EXISTS = 'SELECT 1 AS found FROM conversations WHERE id = $1';

/** Parameter: limit. Earlier releases' rule, with the contract's "at least two entries". */
export const LIST_NEEDING_TITLES = `
  SELECT ${METADATA} FROM conversations c
  WHERE (NOT COALESCE(c.title_generated, FALSE) OR COALESCE(c.title_invalidated, FALSE)) AND c.message_count >= 2
  ${NEWEST_FIRST} LIMIT $1`;

export const DELETE_CONVERSATION = 'DELETE FROM conversations WHERE id = $1';
