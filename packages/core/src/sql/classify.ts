import { destructiveReason } from './destructive.js';
import type { SqlDialect, SqlStatement, StatementFacts } from './statement.js';
import { createdTables } from './tables.js';
import { tokenize } from './tokenize.js';
import { nonTransactionalReason } from './transaction.js';

/**
 * What the migration linter and the baseline command need to know about one statement, read from
 * its leading keywords with comments ignored. It reads keywords and does not parse, so it expects
 * one statement as `splitStatements` returns it.
 *
 * @example
 * classifyStatement('DELETE FROM sessions', 'postgres')
 * // { destructive: 'DELETE without WHERE deletes every row of the table', nonTransactional: undefined, createsTables: [] }
 * classifyStatement('CREATE INDEX CONCURRENTLY i ON t (a)', 'postgres').nonTransactional
 * // 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block'
 */
export function classifyStatement(statement: SqlStatement | string, dialect: SqlDialect): StatementFacts {
  const tokens = tokenize(typeof statement === 'string' ? statement : statement.text, dialect);
  return {
    destructive: destructiveReason(tokens),
    nonTransactional: nonTransactionalReason(tokens, dialect),
    createsTables: createdTables(tokens),
  };
}
