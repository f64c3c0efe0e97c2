import { WRITTEN_COLUMNS } from './row-mapping.js';

/** Every statement the backend runs, with `?` parameters; column lists come from one list. */

const INSERTED = [...WRITTEN_COLUMNS, 'message_count'] as const;

/** Parameters: `columnValues` then the entry count. */
export const UPSERT_CONVERSATION = `
  INSERT INTO conversations (${INSERTED.join(', ')}) VALUES (${INSERTED.map(() => '?').join(', ')})
  ON DUPLICATE KEY UPDATE ${INSERTED.slice(1)
    .map((column) => `${column} = VALUES(${column})`)
    .join(', ')}`;

/** Parameters: `columnValues` without the id, then the id. Keeps message_count: it counts the entries. */
export const UPDATE_METADATA = `
  UPDATE conversations SET ${WRITTEN_COLUMNS.slice(1)
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
