import type { MigrationDriver } from './driver.js';
import { UnmanagedDatabaseError } from './errors.js';
import type { Inspection } from './inspection.js';
import type { Migration } from './migration.js';

/** The tables the SQL `up` of `migrations` create (data migrations create none that can be read). */
export async function tablesCreatedBy(migrations: readonly Migration[], driver: MigrationDriver): Promise<string[]> {
  const { splitStatements, classifyStatement } = await import('../sql/reading.js');
  const tables = new Set<string>();
  for (const migration of migrations) {
    if (typeof migration.up !== 'string') continue;
    for (const statement of splitStatements(migration.up, driver.sqlDialect)) {
      for (const table of classifyStatement(statement, driver.sqlDialect).createsTables) tables.add(table);
    }
  }
  return [...tables];
}

/**
 * Refuses to run migrations on a database that has no ledger but already has the tables of its first
 * migrations (made by hand, by another tool, or its ledger removed): running them would fail at the
 * first plain CREATE TABLE, or record one whose tables existed as if it had made them. Names the
 * last version whose tables all exist, for `infer migrate baseline`.
 */
export async function assertManaged(inspection: Inspection, driver: MigrationDriver): Promise<void> {
  if (inspection.ledger.length > 0 || inspection.pending.length === 0) return;
  let present: Migration | undefined;
  const found: string[] = [];
  for (const migration of inspection.pending) {
    const tables = await tablesCreatedBy([migration], driver);
    if (tables.length === 0) break;
    if (!(await allExist(tables, driver))) break;
    present = migration;
    found.push(...tables);
  }
  // Tables and ledger rows commit together: read again after the tables, a ledger that another
  // process filled meanwhile (a concurrent first run) is not an unmanaged database.
  if (present && (await driver.readLedger()).length === 0) throw new UnmanagedDatabaseError(present.version, found);
}

/** One check at a time: a driver may answer on one connection, where pg deprecates queueing a query. */
async function allExist(tables: readonly string[], driver: MigrationDriver): Promise<boolean> {
  for (const table of tables) if (!(await driver.tableExists(table))) return false;
  return true;
}
