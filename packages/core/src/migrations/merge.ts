import type { Migration } from './migration.js';

/**
 * A backend's shipped migrations and an application's own as the one list the engine runs: the
 * shipped ones first, then the application's (`OpenOptions.migrations`, `storage.migrations_dir`),
 * checked and ordered together by the `Migrator`. `'none'` (a backend without a schema) adds nothing.
 *
 * @example
 * new Migrator({ driver, migrations: mergeMigrations(mariadbMigrations, options.migrations) });
 */
export function mergeMigrations(
  shipped: readonly Migration[] | 'none',
  application: readonly Migration[] = [],
): readonly Migration[] {
  const own = shipped === 'none' ? [] : shipped;
  return application.length === 0 ? own : [...own, ...application];
}
