export { runConformanceSuite } from './suite.js';
export type { ConformanceGroup, ConformanceOptions } from './suite.js';
export { rejection, runEngineFeatureSuite, withMigrator } from './engine-suite.js';
export type { DatabaseDump, EngineDatabase, EngineSuiteOptions, EngineSuiteSql } from './engine-suite.js';
export { conversation, entry, minimal } from './fixtures.js';
export { LEGACY_COST_STATS, LEGACY_ENTRIES } from './legacy.js';
