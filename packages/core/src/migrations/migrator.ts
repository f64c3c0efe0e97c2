import type { MigrationDriver } from './driver.js';
import { MigrationError } from './errors.js';
import type { MigrationEventListener } from './events.js';
import type { Migration, MigrationResult, MigrationStatusEntry } from './migration.js';
import { buildStatus } from './status.js';
import { validateMigrations, versionKey } from './validate.js';

export interface MigratorOptions {
  readonly driver: MigrationDriver;
  readonly migrations: readonly Migration[];
  /** Receives typed progress events while {@link Migrator.up} runs. */
  readonly onEvent?: MigrationEventListener;
}

/**
 * The migration engine, written once against {@link MigrationDriver}.
 *
 * @example
 * const results = await new Migrator({ driver, migrations }).up();
 * // [{ version: '001', outcome: 'applied', durationMs: 3.1, ... }, ...]
 */
export class Migrator {
  readonly #driver: MigrationDriver;
  readonly #migrations: readonly Migration[];
  readonly #onEvent: MigrationEventListener;

  constructor(options: MigratorOptions) {
    this.#driver = options.driver;
    this.#migrations = options.migrations;
    this.#onEvent = options.onEvent ?? (() => {});
  }

  get dialect(): string {
    return this.#driver.dialect;
  }

  /** Applied, pending and unknown versions. Reads the ledger once and never writes. */
  async status(): Promise<MigrationStatusEntry[]> {
    const migrations = validateMigrations(this.#migrations);
    return buildStatus(migrations, await this.#driver.readLedger());
  }

  /**
   * Applies every pending migration in version order, each in its own transaction together with
   * its ledger row, under the driver's migration lock. Stops at the first failure, which the driver
   * has rolled back, and throws a {@link MigrationError} carrying the results so far. The list is
   * validated before anything runs.
   */
  async up(): Promise<MigrationResult[]> {
    const migrations = validateMigrations(this.#migrations);
    await this.#driver.acquireLock();
    try {
      await this.#driver.ensureLedger();
      const applied = new Set((await this.#driver.readLedger()).map((row) => versionKey(row.version)));
      const pending = migrations.filter((m) => !applied.has(versionKey(m.version)));
      this.#onEvent({ type: 'run:start', pending: pending.length, applied: migrations.length - pending.length });
      const results = await this.#applyAll(pending);
      this.#onEvent({ type: 'run:end', results });
      return results;
    } finally {
      await this.#driver.releaseLock();
    }
  }

  async #applyAll(pending: readonly Migration[]): Promise<MigrationResult[]> {
    const results: MigrationResult[] = [];
    for (const [index, migration] of pending.entries()) {
      const { version, description } = migration;
      this.#onEvent({ type: 'migration:start', version, description, index, total: pending.length });
      const started = performance.now();
      try {
        const outcome = await this.#driver.applyMigration(migration, { version, description, appliedAt: new Date() });
        results.push(this.#ended({ version, description, outcome, durationMs: performance.now() - started }));
      } catch (cause) {
        results.push(this.#ended({ version, description, outcome: 'failed', durationMs: performance.now() - started }));
        for (const rest of pending.slice(index + 1)) {
          results.push({ version: rest.version, description: rest.description, outcome: 'not-run' });
        }
        throw new MigrationError(version, description, cause, results);
      }
    }
    return results;
  }

  #ended(result: MigrationResult): MigrationResult {
    this.#onEvent({ type: 'migration:end', result });
    return result;
  }
}
