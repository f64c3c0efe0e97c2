import type { SqlDialect } from './statement.js';
import { isKeyword, keywordOf, type SqlToken, topLevel } from './tokenize.js';

/** PostgreSQL statements that refuse to run in a transaction block, by their first two keywords. */
const POSTGRES: Record<string, string> = {
  'CREATE DATABASE': 'CREATE DATABASE cannot run inside a transaction block',
  'DROP DATABASE': 'DROP DATABASE cannot run inside a transaction block',
  'ALTER SYSTEM': 'ALTER SYSTEM cannot run inside a transaction block',
  'CREATE TABLESPACE': 'CREATE TABLESPACE cannot run inside a transaction block',
  'DROP TABLESPACE': 'DROP TABLESPACE cannot run inside a transaction block',
};

/**
 * Why a statement cannot run inside a transaction, or `undefined`; such a statement needs a
 * migration with `transaction: false`.
 *
 * - PostgreSQL: CREATE / DROP INDEX CONCURRENTLY, REINDEX … CONCURRENTLY and REINDEX SCHEMA /
 *   DATABASE / SYSTEM, VACUUM, CREATE / DROP DATABASE, ALTER SYSTEM, CREATE / DROP TABLESPACE.
 * - SQLite: VACUUM.
 * - MySQL: nothing is flagged. MySQL cannot roll DDL back at all: CREATE, ALTER, DROP, RENAME and
 *   TRUNCATE commit the open transaction implicitly, so a MySQL migration that fails half-way
 *   stays half-applied whatever this says.
 *
 * @example
 * nonTransactionalReason(tokenize('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)', 'postgres'), 'postgres')
 * // 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block'
 */
export function nonTransactionalReason(tokens: readonly SqlToken[], dialect: SqlDialect): string | undefined {
  const first = keywordOf(tokens[0]);
  if (dialect === 'sqlite') return first === 'VACUUM' ? 'VACUUM cannot run inside a transaction' : undefined;
  if (dialect !== 'postgres') return undefined;
  const second = keywordOf(tokens[1]);
  if (first === 'VACUUM') return 'VACUUM cannot run inside a transaction block';
  const index = second === 'UNIQUE' ? 2 : 1; // CREATE [UNIQUE] INDEX
  if (first === 'CREATE' && isKeyword(tokens[index], 'INDEX') && isKeyword(tokens[index + 1], 'CONCURRENTLY')) {
    return 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block';
  }
  if (first === 'DROP' && second === 'INDEX' && isKeyword(tokens[2], 'CONCURRENTLY')) {
    return 'DROP INDEX CONCURRENTLY cannot run inside a transaction block';
  }
  if (first === 'REINDEX') return reindexReason(tokens);
  return POSTGRES[`${first} ${second}`];
}

/** `REINDEX [(options)] {INDEX | TABLE | SCHEMA | DATABASE | SYSTEM} [CONCURRENTLY] name`. */
function reindexReason(tokens: readonly SqlToken[]): string | undefined {
  // CONCURRENTLY may also be an option in the parentheses (PostgreSQL 14+).
  if (tokens.some((token) => isKeyword(token, 'CONCURRENTLY')))
    return 'REINDEX … CONCURRENTLY cannot run inside a transaction block';
  const kind = keywordOf(tokens[topLevel(tokens, 1)[0] ?? -1]);
  return kind === 'SCHEMA' || kind === 'DATABASE' || kind === 'SYSTEM'
    ? `REINDEX ${kind} cannot run inside a transaction block`
    : undefined;
}
