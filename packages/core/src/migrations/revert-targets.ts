import type { MigrationDriver } from './driver.js';
import { MigrationDefinitionError } from './errors.js';
import { type Inspection, refuseErrors } from './inspection.js';
import { lintOptionsOf } from './lint-options.js';
import { downProblems } from './statement-lint.js';
import type { Migration } from './migration.js';
import type { DownOptions } from './migrator.js';
import { compareVersions, versionKey } from './validate.js';
import { nounFor } from '../text/count.js';

/**
 * The applied migrations `down` reverts, newest first; refuses, before anything is reverted, when
 * one has no `down`, would run outside a transaction on a driver that cannot do that, or has a down
 * that reaches outside the database without `external: true`.
 */
export async function revertTargets(
  inspection: Inspection,
  options: DownOptions,
  driver: MigrationDriver,
): Promise<Migration[]> {
  const applied = inspection.migrations
    .filter((m) => inspection.applied.has(versionKey(m.version)))
    .sort((a, b) => compareVersions(b.version, a.version));
  const { to } = options;
  if (to !== undefined && !/^\d+$/.test(to)) {
    throw new MigrationDefinitionError(`--to "${to}" is not a version`, {
      hint: 'give a version such as 002, or 0 to revert every migration',
    });
  }
  if (
    to !== undefined &&
    versionKey(to) !== '0' &&
    !inspection.migrations.some((m) => versionKey(m.version) === versionKey(to))
  ) {
    throw new MigrationDefinitionError(`there is no migration ${to} to revert to`, {
      hint: `pick one of ${inspection.migrations.map((m) => m.version).join(', ')}, or 0 to revert every migration`,
    });
  }
  const chosen = to === undefined ? applied.slice(0, 1) : applied.filter((m) => compareVersions(m.version, to) > 0);
  // As the ledger spells the version ("2" for migration "002"): reverting deletes that very row.
  const targets = chosen.map((m) => ({ ...m, version: inspection.applied.get(versionKey(m.version))!.version }));
  const irreversible = targets.filter((m) => m.down === undefined);
  if (irreversible.length > 0) {
    throw new MigrationDefinitionError(
      `cannot revert ${nounFor(irreversible.length, 'migration')} ${irreversible.map((m) => m.version).join(', ')}: ` +
        'no down; nothing was reverted',
      { hint: 'add a down to the migration, or revert to a version above it with --to' },
    );
  }
  const outside = targets.filter((m) => m.transaction === false);
  if (outside.length > 0 && driver.outsideTransactionRefusal !== undefined) {
    throw new MigrationDefinitionError(
      `cannot revert ${nounFor(outside.length, 'migration')} ${outside.map((m) => m.version).join(', ')}: ` +
        `${outside.length === 1 ? 'it opts' : 'each opts'} out of a transaction (transaction=false), which ` +
        `${driver.outsideTransactionRefusal}; nothing was reverted`,
      { hint: `revert only the migrations above it with --to ${outside[0]!.version}` },
    );
  }
  refuseErrors(await downProblems(targets, lintOptionsOf(driver)));
  return targets;
}
