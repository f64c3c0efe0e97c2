import {
  type ClosableMigrationDriver,
  type ConfiguredMigrations,
  ErrorCode,
  InferError,
  type MigrationEventListener,
  Migrator,
  type StorageConfig,
  configuredMigrations,
} from '@infer/core';
import type { TextOutput } from './text-output.js';

/** Why nothing was run: storage is off, or the backend has no schema. */
export type Skipped = 'storage disabled' | 'no migrations';

/** What every migrate report holds: the backend type and its name, or why nothing was run. */
export interface Report {
  readonly type: string;
  /** The backend's display name (`SQLite`), as the text output names the database; `null` when nothing was opened. */
  readonly dialect: string | null;
  readonly skipped?: Skipped;
}

/** How a command uses the migrator (the CLI's side; core's `MigratorOptions` are the engine's). */
export interface MigratorSetup {
  /** Status, plan, lint: never create or change anything. */
  readonly readOnly: boolean;
  readonly onEvent?: MigrationEventListener;
  /**
   * The configuration's migrations, when the caller has read them already (the conversations
   * commands' auto-apply, which leaves some out of `all`): the directory is not read again, and
   * each of `skipped` is warned about.
   */
  readonly migrations?: ConfiguredMigrations;
}

/** What a command's work gets: the migrator, its driver (for a backup) and the configuration's migrations. */
export interface MigratorAtWork {
  readonly migrator: Migrator;
  readonly driver: ClosableMigrationDriver;
  readonly migrations: ConfiguredMigrations;
}

/**
 * Every migrate command's one path to the engine: reports why there is nothing to do (storage off, a
 * backend without a schema; `empty` is then the result), else resolves the migrations once (warning
 * about skipped directory entries), opens the backend's migration driver, runs `work` on a
 * `Migrator` over it, and closes the driver whatever happens.
 */
export async function withMigrator<R extends object>(
  config: StorageConfig,
  out: TextOutput,
  empty: R,
  setup: MigratorSetup,
  work: (use: MigratorAtWork) => Promise<R>,
): Promise<R & Report> {
  const { type, descriptor } = config;
  const { displayName } = descriptor;
  if (!config.enabled) {
    if (!out.json) out.log('Storage is disabled (storage.enabled is false): there is nothing to migrate.');
    return { type, dialect: null, ...empty, skipped: 'storage disabled' };
  }
  if (descriptor.migrations === 'none') {
    if (!out.json) out.log(`${displayName} needs no migrations.`);
    return { type, dialect: null, ...empty, skipped: 'no migrations' };
  }
  const migrations = setup.migrations ?? (await configuredMigrations(config));
  for (const entry of migrations.skipped) out.warn(entry.message);
  // The union rules this out at compile time; a plugin built against an earlier core may still do it.
  if (!descriptor.openMigrationDriver) {
    throw new InferError(
      ErrorCode.MigrationDefinition,
      `the ${displayName} backend ships migrations but no migration driver (openMigrationDriver)`,
      { hint: `report this to the maintainers of the package that provides storage type "${type}"` },
    );
  }
  const driver = await descriptor.openMigrationDriver(config.options, { readOnly: setup.readOnly });
  try {
    const migrator = new Migrator({
      driver,
      migrations: migrations.all,
      displayName,
      ...(setup.onEvent ? { onEvent: setup.onEvent } : {}),
    });
    return { type, dialect: displayName, ...(await work({ migrator, driver, migrations })) };
  } finally {
    await driver.close();
  }
}
