import type { ClosableMigrationDriver, Migrator, StorageConfig } from '@infer/core';
import { type MigrationTarget, type MigratorOptions, type SqlTarget, migrationTarget, withMigrator } from './target.js';
import type { TextOutput } from './text-output.js';

/** Why nothing was run: storage is off, or the backend has no schema. */
export type Skipped = 'storage disabled' | 'no migrations';

/** What every migrate report holds: the backend type and dialect, or why nothing was run. */
export interface Report {
  readonly type: string;
  /** The driver's dialect (`SQLite`); `null` when nothing was opened. */
  readonly dialect: string | null;
  readonly skipped?: Skipped;
}

/**
 * Runs `work` on a migrator of the configured backend, or reports why there is none (storage off,
 * a backend without a schema) with `empty` as the result.
 */
export async function onTarget<R extends object>(
  config: StorageConfig,
  out: TextOutput,
  empty: R,
  options: MigratorOptions,
  work: (migrator: Migrator, driver: ClosableMigrationDriver, target: SqlTarget) => Promise<R>,
): Promise<R & Report> {
  const target = await migrationTarget(config);
  if (target.kind !== 'sql') return skip(target, out, empty);
  for (const entry of target.skippedEntries) out.warn(entry.message);
  return withMigrator(target, options, async (migrator, driver) => ({
    type: config.type,
    dialect: migrator.dialect,
    ...(await work(migrator, driver, target)),
  }));
}

function skip<R extends object>(
  target: Exclude<MigrationTarget, { kind: 'sql' }>,
  out: TextOutput,
  empty: R,
): R & Report & { skipped: Skipped } {
  if (target.kind === 'disabled') {
    if (!out.json) out.log('Storage is disabled (storage.enabled is false): there is nothing to migrate.');
    return { type: target.type, dialect: null, ...empty, skipped: 'storage disabled' };
  }
  if (!out.json) out.log(`${target.displayName} needs no migrations.`);
  return { type: target.type, dialect: null, ...empty, skipped: 'no migrations' };
}
