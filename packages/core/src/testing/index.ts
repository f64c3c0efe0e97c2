export { runBackendSuite } from './backend-suite.js';
export type {
  BackendSuiteOptions,
  DatabaseDump,
  HandAccess,
  HeldLock,
  LockOptions,
  SuiteGroup,
} from './backend-suite.js';
export { migrateInChild } from './children/run-child.js';
export { SUITE_MIGRATIONS } from './suite-migrations.js';
export type { SuiteSql } from './suite-migrations.js';
export { rejection, withMigrator } from './suite-support.js';
export type { EngineDatabase } from './suite-support.js';
export { conversation, entry, minimal } from './fixtures.js';
export { LEGACY_COST_STATS, LEGACY_ENTRIES } from './legacy.js';
