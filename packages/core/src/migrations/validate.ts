import { MigrationDefinitionError } from './errors.js';
import type { Migration } from './migration.js';

const VERSION = /^\d+$/;

/**
 * Numeric order of two digits-only versions, without the limits of `Number`. A version that is not
 * digits only (possible in a ledger that another tool wrote) sorts after every numeric one.
 */
export function compareVersions(a: string, b: string): number {
  const [numericA, numericB] = [VERSION.test(a), VERSION.test(b)];
  if (!numericA || !numericB) return numericA === numericB ? a.localeCompare(b) : numericA ? -1 : 1;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The identity of a version: "001" and "1" are the same migration. */
export function versionKey(version: string): string {
  return VERSION.test(version) ? BigInt(version).toString() : version;
}

/**
 * Checks a migration list and returns it in version order. Throws a
 * {@link MigrationDefinitionError} for a version that is not digits only, or for two migrations
 * with the same numeric version ("1" and "001" included), before anything runs.
 */
export function validateMigrations(migrations: readonly Migration[]): Migration[] {
  for (const migration of migrations) {
    if (!VERSION.test(migration.version)) {
      throw new MigrationDefinitionError(
        `migration version "${migration.version}" (${migration.description}) is not sortable: use digits only, e.g. "003"`,
      );
    }
    if (migration.description.trim() === '') {
      throw new MigrationDefinitionError(`migration ${migration.version} has an empty description`);
    }
  }
  const sorted = [...migrations].sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < sorted.length; i++) {
    const [previous, current] = [sorted[i - 1]!, sorted[i]!];
    if (compareVersions(previous.version, current.version) === 0) {
      throw new MigrationDefinitionError(
        `duplicate migration version: "${previous.version}" (${previous.description}) and "${current.version}" (${current.description})`,
      );
    }
  }
  return sorted;
}
