/**
 * `@infer/core/sql`: reading a migration's SQL text, for the migration linter, the baseline
 * command and migrations that run outside a transaction.
 *
 * Load this module only when SQL has to be read, never at start-up: it brings the statement
 * splitter (dbgate-query-splitter) with it. Inside core, `await import('../sql/reading.js')` (without the checksum); in
 * other packages, `await import('@infer/core/sql')` or a static import from a command file that
 * oclif loads only when that command runs. `@infer/core` itself exports the types only.
 *
 * @example
 * const { splitStatements, classifyStatement } = await import('@infer/core/sql');
 * for (const statement of splitStatements(migration.up, 'postgres')) {
 *   const { destructive } = classifyStatement(statement, 'postgres');
 *   if (destructive) console.warn(`line ${statement.line}: ${destructive}`);
 * }
 */
export { checksumOf, normalizeForChecksum } from './checksum.js';
export { classifyStatement, splitStatements } from './reading.js';

export type { LockHazard } from './lock-hazard.js';
export type { ExternalStatementRule, SqlDialect, SqlStatement, StatementFacts } from './statement.js';
