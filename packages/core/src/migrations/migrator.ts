import { declaredChecksumProblem, migrationChecksum } from './checksum.js';
import { BaselineError, LedgerConflictError, MigrationDefinitionError } from './errors.js';
import type { MigrationDriver } from './driver.js';
import { type MigrationEventListener, showWarnings } from './events.js';
import { type Inspection, type RunChecks, assertRunnable, inspect } from './inspection.js';
import type { LintProblem } from './lint-problem.js';
import { lintWithDatabase } from './lint-with-database.js';
import type { Migration, MigrationResult, MigrationStatusEntry } from './migration.js';
import { type PlannedStep, plannedStep } from './plan.js';
import { revertTargets } from './revert-targets.js';
import { StepRunner } from './run-steps.js';
import { assertManaged, tablesCreatedBy } from './unmanaged.js';
import { buildStatus } from './status.js';
import { type CheckedMigrations, checkMigrations, compareVersions, runnable, versionKey } from './validate.js';

export interface MigratorOptions {
  readonly driver: MigrationDriver;
  /** In any order: the migrator checks the list once, and runs it in version order. */
  readonly migrations: readonly Migration[];
  /** Receives typed progress events while a run goes. */
  readonly onEvent?: MigrationEventListener;
  /**
   * The database as findings name it, e.g. `SQLite` in "up does not run on SQLite"; a host passes
   * the backend's `BackendDescriptor.displayName`. Default: `the database`.
   */
  readonly displayName?: string;
}

export interface DownOptions {
  /**
   * Revert every applied migration above this version (not including it); `"0"` reverts all. Default: the last one
   * only.
   */
  readonly to?: string;
}

/** Options of a run that changes the database ({@link Migrator.up}, {@link Migrator.down}). */
export interface RunOptions {
  /**
   * Called under the migration lock, after the checks passed on the ledger read there and before
   * anything is written, with the steps the run is about to take; only when there is at least one.
   * What it throws stops the run with nothing written. `infer migrate` backs the database up here,
   * so that it neither inspects the database twice nor copies it for a run the checks refuse.
   */
  readonly beforeRun?: (steps: readonly PlannedStep[]) => Promise<void>;
  /**
   * Aborted (Ctrl-C): the run stops after the migration under way, throwing an `InterruptedError`
   * that says how far it got; every migration before is committed, none after it has run.
   */
  readonly signal?: AbortSignal;
}

/** A checksum `infer migrate repair` wrote. */
export interface RepairedChecksum {
  readonly version: string;
  readonly description: string;
  /** `null` for a row that had none (written by an earlier release). */
  readonly previous: string | null;
  readonly checksum: string;
}

/** What runs under the migration lock, after the checks: the inspection and the warnings to show. */
type LockedWork<T> = (inspection: Inspection, warnings: readonly LintProblem[]) => Promise<T>;

/**
 * The migration engine, written once against {@link MigrationDriver}. Every run checks first, before
 * it writes anything: the list's definitions (once per migrator), versions in the database the code
 * does not know, drift of applied migrations, and the lint rules of pending ones.
 *
 * @example
 * const results = await new Migrator({ driver, migrations }).up();
 * // [{ version: '001', outcome: 'applied', durationMs: 3, ... }, ...]
 */
export class Migrator {
  readonly #driver: MigrationDriver;
  readonly #migrations: readonly Migration[];
  readonly #onEvent: MigrationEventListener;
  readonly #displayName: string;
  #checked: CheckedMigrations | undefined;

  constructor(options: MigratorOptions) {
    this.#driver = options.driver;
    this.#migrations = options.migrations;
    this.#onEvent = options.onEvent ?? (() => {});
    this.#displayName = options.displayName ?? 'the database';
  }

  /** Applied (with drift), pending and unknown versions. Reads the ledger once and never writes. */
  async status(): Promise<MigrationStatusEntry[]> {
    const { migrations, ledger } = await inspect(this.#driver, this.#runnable());
    return buildStatus(migrations, ledger);
  }

  /** What {@link up} would run, after the same checks; never writes (`infer migrate --dry-run`). */
  async plan(): Promise<PlannedStep[]> {
    const inspection = await inspect(this.#driver, this.#runnable());
    showWarnings(this.#onEvent, await assertRunnable(inspection, this.#driver));
    await assertManaged(inspection, this.#driver);
    return inspection.pending.map((m) => plannedStep(m, 'up'));
  }

  /** What {@link down} would revert, after the same checks; never writes. */
  async planDown(options: DownOptions = {}): Promise<PlannedStep[]> {
    const inspection = await inspect(this.#driver, this.#runnable());
    await assertRunnable(inspection, this.#driver);
    return (await revertTargets(inspection, options, this.#driver)).map((m) => plannedStep(m, 'down'));
  }

  /** Every lint finding, including the database's own parse of every migration in a scratch space. */
  async lint(): Promise<LintProblem[]> {
    return lintWithDatabase(this.#migrations, this.#check(), this.#driver, this.#displayName);
  }

  /**
   * Applies every pending migration in version order, each in its own transaction together with
   * its ledger row, under the driver's migration lock. Stops at the first failure, which the driver
   * has rolled back, and throws a `MigrationError` carrying the results so far.
   */
  async up(options: RunOptions = {}): Promise<MigrationResult[]> {
    return this.#locked(async (inspection, warnings) => {
      showWarnings(this.#onEvent, warnings);
      await assertManaged(inspection, this.#driver);
      await beforeRun(options, inspection.pending, 'up');
      // The ledger is created (or gains its checksum column) with the first migration that succeeds.
      return this.#steps({ ensureLedger: true }).run(
        inspection.pending,
        'up',
        inspection.migrations.length - inspection.pending.length,
        options.signal,
      );
    });
  }

  /**
   * Reverts the last applied migration, or every one above `options.to`, newest first, each with
   * its `down` and the removal of its ledger row in one transaction. Refuses before anything runs
   * when one of them has no `down`.
   */
  async down(options: DownOptions & RunOptions = {}): Promise<MigrationResult[]> {
    return this.#locked(async (inspection) => {
      const targets = await revertTargets(inspection, options, this.#driver);
      await beforeRun(options, targets, 'down');
      return this.#steps().run(targets, 'down', inspection.applied.size, options.signal);
    });
  }

  /**
   * Marks a database that was created without this engine as being at `version`: records every
   * migration up to it without running it, after checking that the tables they create exist.
   */
  async baseline(version: string): Promise<MigrationResult[]> {
    return this.#locked(
      async (inspection) => {
        const key = versionKey(version);
        if (!inspection.migrations.some((m) => versionKey(m.version) === key)) {
          throw new MigrationDefinitionError(`there is no migration ${version} to baseline to`, {
            hint: `pick one of ${inspection.migrations.map((m) => m.version).join(', ')}`,
          });
        }
        const marks = inspection.pending.filter((m) => compareVersions(m.version, version) <= 0);
        const missing = await this.#missingTables(marks);
        if (missing.length > 0) throw new BaselineError(version, missing);
        if (marks.length > 0) await this.#driver.ensureLedger();
        return this.#steps().mark(marks);
      },
      { lint: false },
    );
  }

  /**
   * Accepts the current text of applied migrations: rewrites drifted checksums and fills in missing
   * ones. Refuses, writing nothing, a row whose description is not the migration's: that version was
   * applied from another migration (an application migration and a shipped one, numbered alike).
   */
  async repair(): Promise<RepairedChecksum[]> {
    return this.#locked(
      async (inspection) => {
        const repairs: RepairedChecksum[] = [];
        for (const migration of inspection.migrations) {
          const row = inspection.applied.get(versionKey(migration.version));
          const checksum = migrationChecksum(migration);
          if (!row || checksum === undefined || row.checksum === checksum) continue;
          if (row.description !== migration.description) throw new LedgerConflictError(row, migration.description);
          const stale = declaredChecksumProblem(migration);
          if (stale !== undefined) {
            throw new MigrationDefinitionError(
              `migration ${migration.version} (${migration.description}) ${stale}; nothing was repaired`,
              {
                hint: "repair records the checksum a migration declares, so it must be its text's",
              },
            );
          }
          repairs.push({
            version: row.version,
            description: migration.description,
            previous: row.checksum ?? null,
            checksum,
          });
        }
        if (repairs.length === 0) return repairs;
        await this.#driver.ensureLedger();
        await this.#driver.transaction(async (tx) => {
          for (const repair of repairs) await tx.setChecksum(repair.version, repair.checksum);
        });
        return repairs;
      },
      { drift: false, lint: false },
    );
  }

  /** Under the lock: inspect, check, then `work`. */
  async #locked<T>(work: LockedWork<T>, checks: RunChecks = {}): Promise<T> {
    const migrations = this.#runnable(); // before the driver is touched at all
    await this.#driver.acquireLock();
    try {
      const inspection = await inspect(this.#driver, migrations);
      return await work(inspection, await assertRunnable(inspection, this.#driver, checks));
    } finally {
      await this.#driver.releaseLock();
    }
  }

  /** The list's definitions, checked on first use and never again by this migrator. */
  #check(): CheckedMigrations {
    this.#checked ??= checkMigrations(this.#migrations);
    return this.#checked;
  }

  /** The list in version order; throws a `MigrationDefinitionError` when its definitions are wrong. */
  #runnable(): readonly Migration[] {
    return runnable(this.#check());
  }

  #steps(options: { ensureLedger?: boolean } = {}): StepRunner {
    return new StepRunner(this.#driver, this.#onEvent, options);
  }

  async #missingTables(marks: readonly Migration[]): Promise<string[]> {
    const missing: string[] = [];
    for (const table of await tablesCreatedBy(marks, this.#driver))
      if (!(await this.#driver.tableExists(table))) missing.push(table);
    return missing;
  }
}

async function beforeRun(options: RunOptions, steps: readonly Migration[], direction: 'up' | 'down'): Promise<void> {
  if (options.beforeRun && steps.length > 0) await options.beforeRun(steps.map((m) => plannedStep(m, direction)));
}
