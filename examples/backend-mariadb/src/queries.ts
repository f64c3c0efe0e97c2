import type { ConversationEntry, ConversationMetadata } from '@infer/core';
import { CONVERSATION_COLUMNS, conversationColumnValues, entryTimes } from '@infer/core/kit';

/** Every statement the backend runs, with `?` parameters; column lists come from the kit's one list. */

const INSERTED = [...CONVERSATION_COLUMNS, 'message_count'];

/** Parameters: `columnValues` then the entry count. */
export const UPSERT_CONVERSATION = `
  INSERT INTO conversations (${INSERTED.join(', ')}) VALUES (${INSERTED.map(() => '?').join(', ')})
  ON DUPLICATE KEY UPDATE ${INSERTED.slice(1)
    .map((column) => `${column} = VALUES(${column})`)
    .join(', ')}`;

/** Parameters: `columnValues` without the id, then the id. Keeps message_count: it counts the entries. */
export const UPDATE_METADATA = `
  UPDATE conversations SET ${CONVERSATION_COLUMNS.slice(1)
    .map((column) => `${column} = ?`)
    .join(', ')} WHERE id = ?`;

export const DELETE_ENTRIES = 'DELETE FROM conversation_entries WHERE conversation_id = ?';

/** Parameter: a list of `entryRows` (mysql2 expands a nested array into row tuples). */
export const INSERT_ENTRIES =
  'INSERT INTO conversation_entries (conversation_id, entry_data, sequence_number, created_at) VALUES ?';

export const LOAD_CONVERSATION = 'SELECT metadata, optimized_messages FROM conversations WHERE id = ?';

export const LOAD_ENTRIES =
  'SELECT entry_data FROM conversation_entries WHERE conversation_id = ? ORDER BY sequence_number, id';

/** Newest first by instant (times are UTC), ties by id. Parameters: limit, offset. */
export const LIST_CONVERSATIONS = 'SELECT metadata FROM conversations ORDER BY updated_at DESC, id LIMIT ? OFFSET ?';

/** Parameter: limit. Earlier releases' rule, with the contract's "at least two entries". */
export const LIST_NEEDING_TITLES = `
  SELECT metadata FROM conversations
  WHERE (NOT COALESCE(title_generated, FALSE) OR COALESCE(title_invalidated, FALSE)) AND message_count >= 2
  ORDER BY updated_at DESC, id LIMIT ?`;

export const DELETE_CONVERSATION = 'DELETE FROM conversations WHERE id = ?';

/** An RFC 3339 timestamp as a UTC `DATETIME(6)` literal, `2025-12-19 16:25:00.000`; throws on anything else. */
function toDatetime(timestamp: string): string {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`not an RFC 3339 timestamp: ${timestamp}`);
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/** The values of `CONVERSATION_COLUMNS`, times in UTC, JSON as text. */
export function columnValues(metadata: ConversationMetadata): unknown[] {
  return conversationColumnValues(metadata, { time: toDatetime });
}

/** `conversation_entries` rows: id, entry, number from 0, its time (or the conversation's). */
export function entryRows(metadata: ConversationMetadata, entries: readonly ConversationEntry[]): unknown[][] {
  const times = entryTimes(entries, metadata.updated_at);
  return entries.map((entry, index) => [metadata.id, JSON.stringify(entry), index, toDatetime(times[index]!)]);
}

/** A JSON column: MariaDB returns its text (JSON is LONGTEXT there), MySQL the parsed value. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
