import {
  type DownOptions,
  type LintProblem,
  type MigrationEvent,
  type MigrationEventListener,
  type MigrationResult,
  type MigrationStatusEntry,
  type PlannedStep,
  type RepairedChecksum,
  type StorageConfig,
  counted,
} from '@infer/core';
import {
  appliedSummaryLine,
  planLines,
  problemLines,
  repairedLine,
  resultLine,
  revertedSummaryLine,
  statusLines,
  upToDateLine,
} from './format.js';
import { visible } from '../output/visible.js';
import { type ChangeOptions, backupBeforeRun } from './backup.js';
import { progressRenderer } from './progress.js';
import type { TextOutput } from './text-output.js';
import { type MigratorSetup, type Report, withMigrator } from './with-migrator.js';

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

/** Status, plan and lint: a driver that never creates or changes anything. */
const READ_ONLY: MigratorSetup = { readOnly: true };

/**
 * `infer migrate` and the second half of `infer init`: applies every pending migration of the
 * configured backend, printing each as it ends (text mode), and returns the results. A database
 * that has something to lose is backed up first when the driver can and `backup` is on.
 */
export async function applyMigrations(
  config: StorageConfig,
  out: TextOutput,
  options: ChangeOptions = {},
): Promise<MigrateReport> {
  let alreadyApplied = 0;
  const progress = progressRenderer();
  const onEvent = (event: MigrationEvent): void => {
    if (event.type === 'run:start') alreadyApplied = event.applied;
    if (event.type === 'migration:progress') progress.update(event);
    if (event.type === 'migration:end') progress.stop();
  };
  const report = await withMigrator(config, out, { results: [] }, changing(out, onEvent), async (use) => {
    const backup = backupBeforeRun(use.driver, out, options);
    return { results: await use.migrator.up(backup.options), ...backup.taken() };
  });
  if (!out.json && !report.skipped) {
    const { dialect, results } = report;
    out.log(results.length === 0 ? upToDateLine(dialect!, alreadyApplied) : appliedSummaryLine(dialect!, results));
  }
  return report;
}

/** The setup of a run that changes the database: each step's line printed as it ends, after `onEvent` saw it. */
function changing(out: TextOutput, onEvent?: MigrationEventListener): MigratorSetup {
  return {
    readOnly: false,
    onEvent: (event) => {
      onEvent?.(event);
      if (event.type === 'migration:end' && !out.json) out.log(resultLine(event.result));
      warnOf(out, event);
    },
  };
}

/**
 * On stderr, with --json too: a lint warning the engine raised before a run (a lock hazard), and a
 * migration rolled back to be run again (a lock it could not get in time).
 */
function warnOf(out: TextOutput, event: MigrationEvent): void {
  if (event.type === 'lint:warning') out.warn(visible(event.problem.message));
  if (event.type === 'migration:retry') {
    const { version, description, reason, attempt, attempts, delayMs } = event;
    out.warn(
      `migration ${visible(version)} (${visible(description)}) could not ${reason} (attempt ${attempt} of ` +
        `${attempts}); rolled back, trying again from its start in ${(delayMs / 1000).toFixed(1)} s`,
    );
  }
}

/** `infer migrate --status`: reads the ledger through a read-only driver and prints the table. */
export async function migrationStatus(config: StorageConfig, out: TextOutput): Promise<StatusReport> {
  const report = await withMigrator(config, out, { migrations: [] }, READ_ONLY, async ({ migrator }) => ({
    migrations: await migrator.status(),
  }));
  // One write for the whole report, not a system call per migration.
  if (!out.json && !report.skipped) out.log(statusLines(report.dialect!, report.migrations).join('\n'));
  return report;
}

/** `--dry-run` of `infer migrate` or `infer migrate down`: what would run, through a read-only driver. */
export async function planMigrations(config: StorageConfig, out: TextOutput, down?: DownOptions): Promise<PlanReport> {
  const report = await withMigrator(
    config,
    out,
    { dryRun: true as const, steps: [] },
    { ...READ_ONLY, onEvent: (event) => warnOf(out, event) },
    async ({ migrator }) => ({
      dryRun: true as const,
      steps: down ? await migrator.planDown(down) : await migrator.plan(),
    }),
  );
  if (!out.json && !report.skipped) out.log(planLines(report.dialect!, report.steps).join('\n'));
  return report;
}

/** `infer migrate down`: reverts the last migration, or every one above `to`. */
export async function revertMigrations(
  config: StorageConfig,
  out: TextOutput,
  options: DownOptions & ChangeOptions,
): Promise<MigrateReport> {
  const report = await withMigrator(config, out, { results: [] }, changing(out), async (use) => {
    // A down usually drops something: the same backup as before applying.
    const backup = backupBeforeRun(use.driver, out, options);
    return { results: await use.migrator.down({ ...options, ...backup.options }), ...backup.taken() };
  });
  if (!out.json && !report.skipped) out.log(revertedSummaryLine(report.dialect!, report.results));
  return report;
}

/** `infer migrate lint`: every problem, the database parsing each migration in a scratch space. */
export async function lintReport(config: StorageConfig, out: TextOutput): Promise<LintReport> {
  let checked = 0;
  // Skipped directory entries are lint findings here, not warnings on stderr.
  const quiet = { ...out, warn: () => {} };
  const report = await withMigrator(config, quiet, { problems: [] }, READ_ONLY, async ({ migrator, migrations }) => {
    checked = migrations.all.length;
    const skipped = migrations.skipped.map(
      (entry): LintProblem => ({ version: '-', rule: entry.rule, severity: 'warning', message: entry.message }),
    );
    return { problems: [...skipped, ...(await migrator.lint())] };
  });
  if (!out.json && !report.skipped) out.log(problemLines(report.dialect!, checked, report.problems).join('\n'));
  return report;
}

/** `infer migrate repair`: accepts the current text of applied migrations. */
export async function repairChecksums(config: StorageConfig, out: TextOutput): Promise<RepairReport> {
  const report = await withMigrator(config, out, { repaired: [] }, { readOnly: false }, async ({ migrator }) => ({
    repaired: await migrator.repair(),
  }));
  if (!out.json && !report.skipped) {
    for (const repaired of report.repaired) out.log(repairedLine(repaired));
    out.log(
      report.repaired.length === 0
        ? 'Every applied migration matches its ledger checksum; nothing to repair.'
        : `Repaired ${counted(report.repaired.length, 'checksum')}.`,
    );
  }
  return report;
}

/** `infer migrate baseline --to <version>`: records migrations as applied without running them. */
export async function baselineDatabase(
  config: StorageConfig,
  out: TextOutput,
  version: string,
): Promise<MigrateReport> {
  const report = await withMigrator(config, out, { results: [] }, { readOnly: false }, async ({ migrator }) => ({
    results: await migrator.baseline(version),
  }));
  if (!out.json && !report.skipped) {
    for (const result of report.results) out.log(resultLine(result));
    out.log(`The ${report.dialect} database is marked as at version ${version}.`);
  }
  return report;
}
