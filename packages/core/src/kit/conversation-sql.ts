import { NotFoundError } from '../errors.js';
import type { SqlDialect } from '../sql/statement.js';
import { CONVERSATION_COLUMNS } from './columns.js';
import { ledgerDialect } from './ledger-dialect.js';

/**
 * The statements of the shared SQL schema of conversations (tables `conversations`, with the
 * metadata document in `metadata`, and `conversation_entries`), in one SQL family. Parameters
 * are described per statement; column values come from `conversationColumnValues`.
 */
export interface ConversationStatements {
  /** Insert or replace a row: the column values, then the entry count (`message_count`). */
  readonly upsert: string;
  /** The column values without the id, then the id. Keeps `message_count`: it counts the entries. */
  readonly updateMetadata: string;
  /** The conversation's id. */
  readonly deleteEntries: string;
  /** `rows` entries, each: conversation id, entry JSON, number from 0, time. */
  insertEntries(rows: number): string;
  /** The id; the row's `metadata` and `optimized_messages`. */
  readonly load: string;
  /** The id; `entry_data` in order. */
  readonly loadEntries: string;
  /** Limit, offset; `metadata`, newest first by instant, ties by id. */
  readonly list: string;
  /**
   * The cursor's id three times (one per use), then limit: the page after it in
   * the order of `list`, through the listing index from the cursor's row on. Empty when the id is not stored.
   */
  readonly listAfter: string;
  /** The id; one row when it is stored. */
  readonly exists: string;
  /** Limit; `metadata` of conversations whose title is to be generated (earlier releases' rule, 2+ entries). */
  readonly listNeedingTitles: string;
  /** The id. */
  readonly deleteConversation: string;
}

const INSERTED = [...CONVERSATION_COLUMNS, 'message_count'];
const NEWEST_FIRST = 'ORDER BY updated_at DESC, id';
const ENTRY_ORDER = 'ORDER BY sequence_number, id';
const ENTRY_COLUMNS = 'conversation_id, entry_data, sequence_number, created_at';

/**
 * The WHERE clause of a keyset page in the order `instant DESC, id`: rows after the cursor's row, read
 * by primary key in scalar subqueries (evaluated once). `instant <= cursor` bounds the index range, so
 * the scan starts at the cursor; the rest only skips the rows before it that share its instant.
 * `instant` is an expression of the `updated_at` column, the same in the outer query and the subquery;
 * `ids` are the three placeholders of the cursor's id.
 */
export function keysetAfter(instant: string, ids: readonly [string, string, string]): string {
  const cursor = (id: string) => `(SELECT ${instant} FROM conversations WHERE id = ${id})`;
  return `WHERE ${instant} <= ${cursor(ids[0])} AND (${instant} < ${cursor(ids[1])} OR id > ${ids[2]})`;
}

/**
 * A keyset page as read with {@link keysetAfter}. An empty one is the end of the listing or a cursor
 * that is gone: only then is `cursorExists` asked, and `NotFoundError` thrown for a gone cursor.
 */
export async function keysetPage<T>(
  after: string,
  page: T[],
  cursorExists: () => boolean | Promise<boolean>,
): Promise<T[]> {
  if (page.length === 0 && !(await cursorExists())) throw NotFoundError.pageCursor(after);
  return page;
}

/**
 * The {@link ConversationStatements} of a SQL family: its placeholders, and its upsert (MySQL's
 * `ON DUPLICATE KEY UPDATE`, the `ON CONFLICT` of PostgreSQL and SQLite).
 *
 * @example
 * const sql = conversationStatements('mysql');
 * await executor.run(sql.deleteConversation, [id]); // DELETE FROM conversations WHERE id = ?
 */
export function conversationStatements(family: SqlDialect): ConversationStatements {
  const p = ledgerDialect(family).placeholder;
  const list = (count: number, from = 1) => Array.from({ length: count }, (_, i) => p(from + i)).join(', ');
  const update = INSERTED.slice(1).map((column) =>
    family === 'mysql' ? `${column} = VALUES(${column})` : `${column} = excluded.${column}`,
  );
  const columns = CONVERSATION_COLUMNS.length;
  return {
    upsert:
      `INSERT INTO conversations (${INSERTED.join(', ')}) VALUES (${list(INSERTED.length)}) ` +
      `${family === 'mysql' ? 'ON DUPLICATE KEY UPDATE' : 'ON CONFLICT (id) DO UPDATE SET'} ${update.join(', ')}`,
    updateMetadata: `UPDATE conversations SET ${CONVERSATION_COLUMNS.slice(1)
      .map((column, i) => `${column} = ${p(i + 1)}`)
      .join(', ')} WHERE id = ${p(columns)}`,
    deleteEntries: `DELETE FROM conversation_entries WHERE conversation_id = ${p(1)}`,
    insertEntries: (rows) =>
      `INSERT INTO conversation_entries (${ENTRY_COLUMNS}) VALUES ${Array.from(
        { length: rows },
        (_, row) => `(${list(4, row * 4 + 1)})`,
      ).join(', ')}`,
    load: `SELECT metadata, optimized_messages FROM conversations WHERE id = ${p(1)}`,
    loadEntries: `SELECT entry_data FROM conversation_entries WHERE conversation_id = ${p(1)} ${ENTRY_ORDER}`,
    list: `SELECT metadata FROM conversations ${NEWEST_FIRST} LIMIT ${p(1)} OFFSET ${p(2)}`,
    listAfter:
      `SELECT metadata FROM conversations ${keysetAfter('updated_at', [p(1), p(2), p(3)])} ` +
      `${NEWEST_FIRST} LIMIT ${p(4)}`,
    exists: `SELECT 1 AS found FROM conversations WHERE id = ${p(1)}`,
    listNeedingTitles:
      'SELECT metadata FROM conversations WHERE (NOT COALESCE(title_generated, FALSE) OR ' +
      `COALESCE(title_invalidated, FALSE)) AND message_count >= 2 ${NEWEST_FIRST} LIMIT ${p(1)}`,
    deleteConversation: `DELETE FROM conversations WHERE id = ${p(1)}`,
  };
}
