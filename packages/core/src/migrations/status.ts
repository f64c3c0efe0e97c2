import { isDrifted } from './inspection.js';
import type { LedgerRow, Migration, MigrationStatusEntry } from './migration.js';
import { compareVersions, versionKey } from './validate.js';

/**
 * Merges the shipped migrations with the ledger: every shipped version as applied (flagged when it
 * drifted) or pending, and every ledger version the code does not ship as `unknown` (a newer
 * release touched the database), all in version order. Versions match numerically, so a ledger "1"
 * is migration "001".
 */
export function buildStatus(migrations: readonly Migration[], ledger: readonly LedgerRow[]): MigrationStatusEntry[] {
  const applied = new Map(ledger.map((row) => [versionKey(row.version), row]));
  const entries: MigrationStatusEntry[] = migrations.map((m) => {
    const row = applied.get(versionKey(m.version));
    applied.delete(versionKey(m.version));
    if (!row) return { version: m.version, description: m.description, state: 'pending' };
    const drift = isDrifted(m, row) ? { drift: true } : {};
    return { version: m.version, description: m.description, state: 'applied', appliedAt: row.appliedAt, ...drift };
  });
  for (const row of applied.values()) {
    entries.push({ version: row.version, description: row.description, state: 'unknown', appliedAt: row.appliedAt });
  }
  return entries.sort((a, b) => compareVersions(a.version, b.version));
}
