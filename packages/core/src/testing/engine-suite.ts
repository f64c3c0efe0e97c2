import { describe } from 'vitest';
import { type EngineSuiteOptions, suiteContext } from './engine-suite-support.js';
import { runGroups } from './engine-suite-runs.js';
import { schemaGroups } from './engine-suite-schema.js';

export { rejection, withMigrator } from './engine-suite-support.js';
export type { DatabaseDump, EngineDatabase, EngineSuiteOptions, EngineSuiteSql } from './engine-suite-support.js';

/**
 * The migration engine's features against a real database of one backend, as vitest tests: dry
 * runs, down, checksums and drift, a database ahead of the code, data migrations with progress,
 * migrations outside a transaction, lint with the database's parser, baseline and destructive
 * migrations. Every "nothing changed" is a full dump compared before and after.
 *
 * @example
 * runEngineFeatureSuite({ name: 'SQLite', migrations: sqliteMigrations, create, createLegacy });
 */
export function runEngineFeatureSuite(options: EngineSuiteOptions): void {
  const context = suiteContext(options);
  describe(`${options.name}: migration engine features on a real database`, () => {
    schemaGroups(context);
    runGroups(context);
  });
}
