/**
 * `@infer/core/kit`: what a backend author needs beyond the contract, written once so that a
 * backend holds only what is its own (its connection, its lock, its SQL):
 *
 * - the plugin: `defineBackendHook`, `lazySchema`, `BaseStorageBackend`, `MigratingStorageBackend`,
 *   `migrateOnOpen`, `mergeMigrations`;
 * - the SQL ledger and migration driver: `ledgerDialect` with `ensureLedger`, `readLedger` and
 *   `ledgerTransaction`, or all of it as `SqlMigrationDriver` / `PooledMigrationDriver` over a
 *   `ConnectionPool`, `statementByStatement` for drivers that take one statement at a time,
 *   `MigrationLockTimeoutError`, and the MySQL family's lock and lint database (`takeMysqlLock`,
 *   `mysqlScratch`);
 * - failures and settings: `connectionFailure`, `codeOf`, `parseSection` / `sectionParser` (the
 *   valibot fields live in `@infer/core/kit/config`, loaded with your config schema), TLS helpers
 *   (`tlsConnectionOptions`, `tlsFileSettings` for a descriptor's settings), `monotonicMs` (a clock
 *   for waits and durations that does not load perf_hooks);
 * - the shared SQL schema of conversations: `SqlConversationBackend` (every storage operation over it),
 *   `conversationStatements`, `keysetAfter` / `keysetPage` (pages after an id), `CONVERSATION_COLUMNS`,
 *   `conversationColumnValues`, `metadataOfRow`, `metadataOfColumns`, document limits.
 *
 * It loads nothing heavy: the SQL splitter loads with the first script `statementByStatement`
 * runs, valibot with `@infer/core/kit/config`. The application API (configuration, registry,
 * `Migrator`, errors, domain and contract types) is `@infer/core`.
 *
 * @example
 * import { PooledMigrationDriver, connectionFailure, ledgerDialect } from '@infer/core/kit';
 */
export { BaseStorageBackend, DEFAULT_LIST_LIMIT } from '../contract/base-backend.js';
export { MigratingStorageBackend } from './migrating-backend.js';
export { lazySchema } from '../contract/lazy-schema.js';
export { migrateOnOpen } from '../contract/migrate-on-open.js';
export { defineBackendHook } from '../di/hook.js';
export { mergeMigrations } from '../migrations/merge.js';
export { withSavepoints } from '../migrations/savepoints.js';
export { sectionMessage } from '../config/messages.js';
export { resolveUserPath } from '../config/paths.js';
export { toSummary, needsTitle } from '../domain/conversation.js';
export { monotonicMs } from '../clock.js';
export { COLUMN_FIELDS, metadataOfRow } from '../domain/document.js';
export { assertSizeWithinLimit, parseStoredJson } from '../domain/limits.js';
export {
  SYSTEM_ROOTS,
  TLS_MODES,
  type TlsMode,
  type TlsSettings,
  tlsConnectionOptions,
  tlsFileSettings,
  tlsVerificationFailure,
} from '../tls.js';
export {
  type ConnectionDiagnosis,
  type ConnectionFailureOptions,
  type ConnectionTarget,
  type Diagnose,
  type FailureFacts,
  SOCKET_FAILURES,
  codeOf,
  connectionFailure,
  redactCredentials,
} from './connection-failure.js';
export {
  CONVERSATION_COLUMNS,
  type ColumnEncoding,
  type ColumnValues,
  conversationColumnValues,
  entryTimes,
  metadataOfColumns,
  utcDatetime,
} from './columns.js';
export { type ConversationStatements, conversationStatements, keysetAfter, keysetPage } from './conversation-sql.js';
export {
  type ErrorMatch,
  LEDGER_TABLE,
  type LedgerDialect,
  ledgerDialect,
  matchesError,
} from './ledger-dialect.js';
export { createLedgerStatements, ensureLedger, inspectLedger, ledgerTransaction, readLedger } from './ledger.js';
export {
  type LockHolderWords,
  MigrationLockTimeoutError,
  type MigrationLockTimeoutOptions,
} from './lock-timeout.js';
export { SqlMigrationDriver, type SqlMigrationDriverOptions } from './migration-driver.js';
export {
  type MysqlLockHolder,
  type MysqlLockOptions,
  mysqlLockName,
  mysqlScratch,
  releaseMysqlLock,
  takeMysqlLock,
} from './mysql.js';
export { ConnectionPool, type PoolDriver } from './pool.js';
export { PooledMigrationDriver, type PooledMigrationDriverOptions } from './pooled-driver.js';
export { ScriptError, type ScriptOptions, statementByStatement } from './script.js';
export { parseSection, sectionParser } from './section.js';
export { SqlConversationBackend, type SqlConversationBackendOptions, type SqlDatabase } from './sql-backend.js';
