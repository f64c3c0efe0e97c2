import { alterTable } from './alter-table.js';
import { isKeyword, keywordOf, type SqlToken, topLevel } from './tokenize.js';

const DROPPED: Record<string, string> = {
  TABLE: 'DROP TABLE deletes a table and its rows',
  VIEW: 'DROP VIEW removes a view that readers may still query',
  SCHEMA: 'DROP SCHEMA deletes a schema and everything in it',
  DATABASE: 'DROP DATABASE deletes a database and everything in it',
};

/** Words after `ALTER TABLE … DROP` that name something other than a column. */
const NOT_A_COLUMN = new Set(['CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'CHECK']);
/** Words after `ALTER TABLE … RENAME` that name something readers do not see. */
const NOT_READ = new Set(['CONSTRAINT', 'INDEX', 'KEY']);

/**
 * Why a statement loses data or breaks code that still reads the old schema, or `undefined`: DROP
 * TABLE / VIEW / SCHEMA / DATABASE, TRUNCATE, DELETE without a WHERE of its own, and ALTER TABLE
 * actions that drop a column or a partition or rename the table or a column (also MySQL RENAME
 * TABLE). DROP INDEX and dropped or renamed constraints lose no data and are not flagged.
 *
 * @example
 * destructiveReason(tokenize('ALTER TABLE t DROP COLUMN c', 'postgres'))
 * // 'ALTER TABLE … DROP COLUMN deletes a column and its values'
 * destructiveReason(tokenize('ALTER TABLE t ALTER COLUMN c DROP DEFAULT', 'postgres')) // undefined
 */
export function destructiveReason(tokens: readonly SqlToken[]): string | undefined {
  switch (keywordOf(tokens[0])) {
    case 'DROP':
      return DROPPED[keywordOf(tokens[1]) ?? ''];
    case 'TRUNCATE':
      return 'TRUNCATE deletes every row of the table';
    case 'DELETE':
      return deleteReason(tokens, 0);
    case 'WITH':
      // The main statement or any data-modifying CTE: `WITH gone AS (DELETE FROM t RETURNING id) …`.
      return tokens
        .map((token, i) => (isKeyword(token, 'DELETE') ? deleteReason(tokens, i) : undefined))
        .find((reason) => reason !== undefined);
    case 'RENAME':
      return isKeyword(tokens[1], 'TABLE') ? 'RENAME TABLE breaks readers of the old name' : undefined;
    case 'ALTER':
      return isKeyword(tokens[1], 'TABLE') ? alterTableReason(tokens) : undefined;
    default:
      return undefined;
  }
}

function deleteReason(tokens: readonly SqlToken[], from: number): string | undefined {
  const filtered = topLevel(tokens, from).some((i) => isKeyword(tokens[i], 'WHERE'));
  return filtered ? undefined : 'DELETE without WHERE deletes every row of the table';
}

/** The first action of an `ALTER TABLE` that drops a column or a partition, or renames what readers see. */
function alterTableReason(tokens: readonly SqlToken[]): string | undefined {
  for (const [verb, object] of alterTable(tokens)?.actions ?? []) {
    if (isKeyword(verb, 'DROP') && isKeyword(object, 'PARTITION'))
      return 'ALTER TABLE … DROP PARTITION deletes the partition and its rows';
    if (isKeyword(verb, 'DROP') && object !== undefined && !NOT_A_COLUMN.has(keywordOf(object) ?? '')) {
      return 'ALTER TABLE … DROP COLUMN deletes a column and its values';
    }
    if (isKeyword(verb, 'RENAME') && !NOT_READ.has(keywordOf(object) ?? ''))
      return 'ALTER TABLE … RENAME breaks readers of the old name';
  }
  return undefined;
}
