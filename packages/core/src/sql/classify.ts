import { destructiveReason } from './destructive.js';
import { externalReason } from './external.js';
import type { ExternalStatementRule, SqlDialect, SqlStatement, StatementFacts } from './statement.js';
import { postgresHazards } from './postgres-hazards.js';
import { sqliteHazards } from './sqlite-hazards.js';
import { createdTables } from './tables.js';
import { tokenize } from './tokenize.js';
import { nonTransactionalReason } from './transaction.js';

/**
 * What the migration linter and the baseline command need to know about one statement, read from
 * its leading keywords with comments ignored. It reads keywords and does not parse, so it expects
 * one statement as `splitStatements` returns it. `external` is checked against the given rules of
 * the dialect (a migration driver's `externalStatements`); without rules it is `undefined`.
 *
 * @example
 * classifyStatement('DELETE FROM sessions', 'postgres')
 * // { destructive: 'DELETE without WHERE deletes every row of the table', nonTransactional: undefined,
 * //   external: undefined, createsTables: [], lockHazards: [] }
 * classifyStatement('CREATE INDEX CONCURRENTLY i ON t (a)', 'postgres').nonTransactional
 * // 'CREATE INDEX CONCURRENTLY cannot run inside a transaction block'
 */
export function classifyStatement(
  statement: SqlStatement | string,
  dialect: SqlDialect,
  externalRules: readonly ExternalStatementRule[] = [],
): StatementFacts {
  const tokens = tokenize(typeof statement === 'string' ? statement : statement.text, dialect);
  return {
    destructive: destructiveReason(tokens),
    nonTransactional: nonTransactionalReason(tokens, dialect),
    external: externalReason(tokens, externalRules, dialect),
    createsTables: createdTables(tokens),
    lockHazards: dialect === 'postgres' ? postgresHazards(tokens) : dialect === 'sqlite' ? sqliteHazards(tokens) : [],
  };
}
