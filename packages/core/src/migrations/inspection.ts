import { counted } from '../text/count.js';
import { migrationChecksum } from './checksum.js';
import type { MigrationDriver } from './driver.js';
import { DatabaseAheadError, DriftError, MigrationDefinitionError } from './errors.js';
import { migrationProblems } from './lint.js';
import { lintOptionsOf } from './lint-options.js';
import type { LintProblem } from './lint-problem.js';
import type { LedgerRow, Migration } from './migration.js';
import { versionKey } from './validate.js';

/** The migrations and the ledger, compared: what a run, a plan or a status starts from. */
export interface Inspection {
  /** Every migration, in version order. */
  readonly migrations: readonly Migration[];
  readonly ledger: readonly LedgerRow[];
  /** Ledger rows by version key. */
  readonly applied: ReadonlyMap<string, LedgerRow>;
  readonly pending: readonly Migration[];
  /** Ledger versions that no migration has (the database is ahead of the code). */
  readonly unknown: readonly string[];
  /** Applied migrations whose checksum differs from the ledger's. */
  readonly drifted: readonly Migration[];
}

/** Reads the ledger once and compares it with `migrations`, checked and in version order. Never writes. */
export async function inspect(driver: MigrationDriver, migrations: readonly Migration[]): Promise<Inspection> {
  const ledger = await driver.readLedger();
  const applied = new Map(ledger.map((row) => [versionKey(row.version), row]));
  const known = new Set(migrations.map((m) => versionKey(m.version)));
  return {
    migrations,
    ledger,
    applied,
    pending: migrations.filter((m) => !applied.has(versionKey(m.version))),
    unknown: ledger.filter((row) => !known.has(versionKey(row.version))).map((row) => row.version),
    drifted: migrations.filter((m) => isDrifted(m, applied.get(versionKey(m.version)))),
  };
}

/** A row without a checksum (earlier releases) or a migration without one never drifts. */
export function isDrifted(migration: Migration, row: LedgerRow | undefined): boolean {
  if (row?.checksum === undefined) return false;
  const checksum = migrationChecksum(migration);
  return checksum !== undefined && checksum !== row.checksum;
}

/** Checks a command may skip: `repair` exists to resolve drift; `baseline` runs nothing. */
export interface RunChecks {
  readonly drift?: boolean;
  readonly lint?: boolean;
}

/** Lint warnings worth showing before a run: what the pending migrations will do to a live database. */
const RUN_WARNINGS: ReadonlySet<LintProblem['rule']> = new Set(['lock', 'alter-table']);

/**
 * What must hold before anything is written: no version the code does not know, no drift, and no
 * lint error among the pending migrations (the list's definitions are checked before the
 * inspection). Throws the matching error; returns the warnings a run should show (lock hazards).
 */
export async function assertRunnable(
  inspection: Inspection,
  driver: MigrationDriver,
  checks: RunChecks = {},
): Promise<LintProblem[]> {
  if (inspection.unknown.length > 0) throw new DatabaseAheadError(inspection.unknown);
  if (checks.drift !== false && inspection.drifted.length > 0)
    throw new DriftError(inspection.drifted.map((m) => m.version));
  if (checks.lint === false) return [];
  const problems = await migrationProblems(inspection.migrations, {
    ...lintOptionsOf(driver),
    appliedVersions: new Set(inspection.applied.keys()),
  });
  refuseErrors(problems);
  return problems.filter((problem) => RUN_WARNINGS.has(problem.rule));
}

/** Throws a {@link MigrationDefinitionError} naming the first error among `problems`, if there is one. */
export function refuseErrors(problems: readonly LintProblem[]): void {
  const errors = problems.filter((problem) => problem.severity === 'error');
  if (errors.length > 0) {
    const more =
      errors.length > 1 ? ` (and ${counted(errors.length - 1, 'more problem')}: run "infer migrate lint")` : '';
    throw new MigrationDefinitionError(`${errors[0]!.message}${more}`, {
      problems: errors,
      hint: 'fix the migration; nothing was run',
    });
  }
}
