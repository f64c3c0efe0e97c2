import {
  type ConfiguredMigrations,
  type MigrationEvent,
  type MigrationStatusEntry,
  type StorageConfig,
  nounFor,
  versionKey,
} from '@infer/core';
import { appliedSummaryLine, resultLine } from './format.js';
import { backupBeforeRun } from './backup.js';
import type { TextOutput } from './text-output.js';
import { withMigrator } from './with-migrator.js';

/**
 * The documented auto-apply on first connection, for the commands that read conversations: applies
 * the pending migrations the backend ships, after the backup `infer migrate` takes, and says both
 * through `out` (stderr). The project's own migrations (storage.migrations_dir) never run here:
 * those applied are known (their versions do not read as unknown), pending ones are left to
 * `infer migrate` with a warning. `migrations` are the configuration's, as the backend was opened
 * with; `status` is the store's, read through the open backend.
 */
export async function applyShippedMigrations(
  config: StorageConfig,
  migrations: ConfiguredMigrations,
  status: readonly MigrationStatusEntry[],
  out: TextOutput,
): Promise<void> {
  const { migrations: backendMigrations } = config.descriptor;
  if (backendMigrations === 'none') return;
  const shipped = new Set(backendMigrations.map((m) => versionKey(m.version)));
  const pending = status.filter((entry) => entry.state === 'pending');
  const own = new Set(
    pending.filter((entry) => !shipped.has(versionKey(entry.version))).map((entry) => versionKey(entry.version)),
  );
  if (own.size > 0) {
    const versions = pending.filter((entry) => own.has(versionKey(entry.version))).map((entry) => entry.version);
    out.warn(
      `${nounFor(versions.length, 'migration')} ${versions.join(', ')} of storage.migrations_dir ` +
        `${versions.length === 1 ? 'is' : 'are'} pending and ${versions.length === 1 ? 'was' : 'were'} not run; ` +
        'run "infer migrate" to apply them',
    );
  }
  if (own.size === pending.length) return;
  const onEvent = (event: MigrationEvent): void => {
    if (event.type === 'migration:end') out.log(resultLine(event.result));
  };
  // The directory's skipped entries are for `infer migrate` to report.
  const known = { ...migrations, all: migrations.all.filter((m) => !own.has(versionKey(m.version))), skipped: [] };
  await withMigrator(config, out, {}, { readOnly: false, onEvent, migrations: known }, async ({ migrator, driver }) => {
    const backup = backupBeforeRun(driver, out);
    out.log(appliedSummaryLine(config.descriptor.displayName, await migrator.up(backup.options)));
    return {};
  });
}
