import type { MigrationEvent, MigrationResult, MigrationStatusEntry, StorageConfig } from '@infer/core';
import { appliedSummaryLine, resultLine, statusLines, upToDateLine } from './format.js';
import { type MigrationTarget, migrationTarget, withMigrator } from './target.js';

/** Where text goes; nothing is written with --json (the command returns the report instead). */
export interface TextOutput {
  readonly json: boolean;
  log(line: string): void;
}

/** Why nothing was run: storage is off, or the backend has no schema. */
export type Skipped = 'storage disabled' | 'no migrations';

export interface MigrateReport {
  readonly type: string;
  /** The driver's dialect (`SQLite`); `null` when nothing was opened. */
  readonly dialect: string | null;
  readonly results: readonly MigrationResult[];
  readonly skipped?: Skipped;
}

export interface StatusReport {
  readonly type: string;
  readonly dialect: string | null;
  readonly migrations: readonly MigrationStatusEntry[];
  readonly skipped?: Skipped;
}

/**
 * `infer migrate` and the second half of `infer init`: applies every pending migration of the
 * configured backend, printing each as it ends (text mode), and returns the results.
 */
export async function applyMigrations(config: StorageConfig, out: TextOutput): Promise<MigrateReport> {
  const target = migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { results: [] });
  let alreadyApplied = 0;
  const onEvent = (event: MigrationEvent): void => {
    if (event.type === 'run:start') alreadyApplied = event.applied;
    if (event.type === 'migration:end' && !out.json) out.log(resultLine(event.result));
  };
  const { dialect, results } = await withMigrator(target, { readOnly: false, onEvent }, async (migrator) => ({
    dialect: migrator.dialect,
    results: await migrator.up(),
  }));
  if (!out.json) {
    out.log(results.length === 0 ? upToDateLine(dialect, alreadyApplied) : appliedSummaryLine(dialect, results));
  }
  return { type: config.type, dialect, results };
}

/** `infer migrate --status`: reads the ledger through a read-only driver and prints the table. */
export async function migrationStatus(config: StorageConfig, out: TextOutput): Promise<StatusReport> {
  const target = migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, { migrations: [] });
  const { dialect, migrations } = await withMigrator(target, { readOnly: true }, async (migrator) => ({
    dialect: migrator.dialect,
    migrations: await migrator.status(),
  }));
  // One write for the whole report: a write per line costs about 10 ms for 200 migrations.
  if (!out.json) out.log(statusLines(dialect, migrations).join('\n'));
  return { type: config.type, dialect, migrations };
}

function skip<R extends object>(
  target: Exclude<MigrationTarget, { kind: 'sql' }>,
  out: TextOutput,
  empty: R,
): R & { type: string; dialect: null; skipped: Skipped } {
  if (target.kind === 'disabled') {
    if (!out.json) out.log('Storage is disabled (storage.enabled is false): there is nothing to migrate.');
    return { type: target.type, dialect: null, ...empty, skipped: 'storage disabled' };
  }
  if (!out.json) out.log(`${target.displayName} needs no migrations.`);
  return { type: target.type, dialect: null, ...empty, skipped: 'no migrations' };
}
