import type {
  DownOptions,
  LintProblem,
  MigrationEvent,
  MigrationResult,
  MigrationStatusEntry,
  PlannedStep,
  RepairedChecksum,
  StorageConfig,
} from '@infer/core';
import { appliedSummaryLine, planLines, problemLines, resultLine, revertedSummaryLine, statusLines, upToDateLine } from './format.js';
import { progressRenderer } from './progress.js';
import { type MigrationTarget, migrationTarget, withMigrator } from './target.js';

/** Where text goes; nothing is written with --json (the command returns the report instead). */
export interface TextOutput {
  readonly json: boolean;
  log(line: string): void;
}

/** Why nothing was run: storage is off, or the backend has no schema. */
export type Skipped = 'storage disabled' | 'no migrations';

interface Report {
  readonly type: string;
  /** The driver's dialect (`SQLite`); `null` when nothing was opened. */
  readonly dialect: string | null;
  readonly skipped?: Skipped;
}

export interface MigrateReport extends Report {
  readonly results: readonly MigrationResult[];
  /** Where the database was copied before it changed, when it was. */
  readonly backup?: string;
}

export interface StatusReport extends Report {
  readonly migrations: readonly MigrationStatusEntry[];
}

export interface PlanReport extends Report {
  readonly dryRun: true;
  readonly steps: readonly PlannedStep[];
}

export interface LintReport extends Report {
  readonly problems: readonly LintProblem[];
}

export interface RepairReport extends Report {
  readonly repaired: readonly RepairedChecksum[];
}

/** How many database copies `infer migrate` keeps beside a SQLite file. */
const BACKUPS_KEPT = 3;

/**
 * `infer migrate` and the second half of `infer init`: applies every pending migration of the
 * configured backend, printing each as it ends (text mode), and returns the results. A database
 * that has something to lose is backed up first when the driver can and `backup` is on.
 */
export async function applyMigrations(config: StorageConfig, out: TextOutput, options: { backup?: boolean } = {}): Promise<MigrateReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { results: [] });
  let alreadyApplied = 0;
  const progress = progressRenderer();
  const onEvent = (event: MigrationEvent): void => {
    if (event.type === 'run:start') alreadyApplied = event.applied;
    if (event.type === 'migration:progress') progress.update(event);
    if (event.type === 'migration:end') {
      progress.stop();
      if (!out.json) out.log(resultLine(event.result));
    }
  };
  const report = await withMigrator(target, { readOnly: false, onEvent }, async (migrator, driver) => {
    let backup: string | undefined;
    if (options.backup !== false && driver.backup && (await migrator.plan()).length > 0) {
      backup = await driver.backup({ keep: BACKUPS_KEPT });
      if (backup !== undefined && !out.json) out.log(`Backed up the database to ${backup}`);
    }
    return { dialect: migrator.dialect, results: await migrator.up(), ...(backup === undefined ? {} : { backup }) };
  });
  if (!out.json) {
    const { dialect, results } = report;
    out.log(results.length === 0 ? upToDateLine(dialect, alreadyApplied) : appliedSummaryLine(dialect, results));
  }
  return { type: config.type, ...report };
}

/** `infer migrate --status`: reads the ledger through a read-only driver and prints the table. */
export async function migrationStatus(config: StorageConfig, out: TextOutput): Promise<StatusReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { migrations: [] });
  const { dialect, migrations } = await withMigrator(target, { readOnly: true }, async (migrator) => ({
    dialect: migrator.dialect,
    migrations: await migrator.status(),
  }));
  // One write for the whole report: a write per line costs about 10 ms for 200 migrations.
  if (!out.json) out.log(statusLines(dialect, migrations).join('\n'));
  return { type: config.type, dialect, migrations };
}

/** `--dry-run` of `infer migrate` or `infer migrate down`: what would run, through a read-only driver. */
export async function planMigrations(config: StorageConfig, out: TextOutput, down?: DownOptions): Promise<PlanReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { dryRun: true, steps: [] });
  const { dialect, steps } = await withMigrator(target, { readOnly: true }, async (migrator) => ({
    dialect: migrator.dialect,
    steps: down ? await migrator.planDown(down) : await migrator.plan(),
  }));
  if (!out.json) out.log(planLines(dialect, steps).join('\n'));
  return { type: config.type, dialect, dryRun: true, steps };
}

/** `infer migrate down`: reverts the last migration, or every one above `to`. */
export async function revertMigrations(config: StorageConfig, out: TextOutput, options: DownOptions): Promise<MigrateReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { results: [] });
  const onEvent = (event: MigrationEvent): void => {
    if (event.type === 'migration:end' && !out.json) out.log(resultLine(event.result));
  };
  const { dialect, results } = await withMigrator(target, { readOnly: false, onEvent }, async (migrator) => ({
    dialect: migrator.dialect,
    results: await migrator.down(options),
  }));
  if (!out.json) out.log(revertedSummaryLine(dialect, results));
  return { type: config.type, dialect, results };
}

/** `infer migrate lint`: every problem, the database parsing each migration in a scratch space. */
export async function lintReport(config: StorageConfig, out: TextOutput): Promise<LintReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { problems: [] });
  const { dialect, problems } = await withMigrator(target, { readOnly: true }, async (migrator) => ({
    dialect: migrator.dialect,
    problems: await migrator.lint(),
  }));
  if (!out.json) out.log(problemLines(dialect, target.migrations.length, problems).join('\n'));
  return { type: config.type, dialect, problems };
}

/** `infer migrate repair`: accepts the current text of applied migrations. */
export async function repairChecksums(config: StorageConfig, out: TextOutput): Promise<RepairReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { repaired: [] });
  const { dialect, repaired } = await withMigrator(target, { readOnly: false }, async (migrator) => ({
    dialect: migrator.dialect,
    repaired: await migrator.repair(),
  }));
  if (!out.json) {
    for (const r of repaired) out.log(`  Accepted ${r.version}: ${r.description} (${r.previous === null ? 'had no checksum' : 'changed'})`);
    out.log(repaired.length === 0 ? 'Every applied migration matches its ledger checksum; nothing to repair.' : `Repaired ${repaired.length} checksum(s).`);
  }
  return { type: config.type, dialect, repaired };
}

/** `infer migrate baseline --to <version>`: records migrations as applied without running them. */
export async function baselineDatabase(config: StorageConfig, out: TextOutput, version: string): Promise<MigrateReport> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { results: [] });
  const { dialect, results } = await withMigrator(target, { readOnly: false }, async (migrator) => ({
    dialect: migrator.dialect,
    results: await migrator.baseline(version),
  }));
  if (!out.json) {
    for (const result of results) out.log(resultLine(result));
    out.log(`The ${dialect} database is marked as at version ${version}.`);
  }
  return { type: config.type, dialect, results };
}

function skip<R extends object>(target: Exclude<MigrationTarget, { kind: 'sql' }>, out: TextOutput, empty: R): R & Report & { skipped: Skipped } {
  if (target.kind === 'disabled') {
    if (!out.json) out.log('Storage is disabled (storage.enabled is false): there is nothing to migrate.');
    return { type: target.type, dialect: null, ...empty, skipped: 'storage disabled' };
  }
  if (!out.json) out.log(`${target.displayName} needs no migrations.`);
  return { type: target.type, dialect: null, ...empty, skipped: 'no migrations' };
}
