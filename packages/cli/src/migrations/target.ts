import {
  type BackendDescriptor,
  type ClosableMigrationDriver,
  ErrorCode,
  InferError,
  type Migration,
  type MigrationEventListener,
  type SkippedEntry,
  Migrator,
  type StorageConfig,
  configuredMigrations,
} from '@infer/core';

/** What `infer migrate` has to do for a configuration. */
export type MigrationTarget =
  | { readonly kind: 'disabled'; readonly type: string }
  | { readonly kind: 'none'; readonly type: string; readonly displayName: string }
  | {
      readonly kind: 'sql';
      readonly config: StorageConfig;
      readonly migrations: readonly Migration[];
      /** Entries of the application's directory that were not read: misnamed, hidden, not regular files. */
      readonly skippedEntries: readonly SkippedEntry[];
    };

export type SqlTarget = Extract<MigrationTarget, { kind: 'sql' }>;

/** The backend's own migrations, then the application's from `storage.migrations_dir/<type>`, as one list. */
export async function migrationTarget(config: StorageConfig): Promise<MigrationTarget> {
  const { type, descriptor } = config;
  if (!config.enabled) return { kind: 'disabled', type };
  if (descriptor.migrations === 'none') return { kind: 'none', type, displayName: descriptor.displayName };
  const application = await configuredMigrations(config);
  return {
    kind: 'sql',
    config,
    migrations: [...descriptor.migrations, ...application.migrations],
    skippedEntries: application.skipped,
  };
}

export interface MigratorOptions {
  /** Status: never create or change anything. */
  readonly readOnly: boolean;
  readonly onEvent?: MigrationEventListener;
}

/**
 * Opens the backend's migration driver once, hands a migrator on it to `use`, and closes the driver
 * whatever happens.
 */
export async function withMigrator<R>(
  target: SqlTarget,
  options: MigratorOptions,
  use: (migrator: Migrator, driver: ClosableMigrationDriver) => Promise<R>,
): Promise<R> {
  const { descriptor, options: backendOptions } = target.config;
  const driver = await openDriver(descriptor)(backendOptions, { readOnly: options.readOnly });
  try {
    const onEvent = options.onEvent === undefined ? {} : { onEvent: options.onEvent };
    return await use(new Migrator({ driver, migrations: target.migrations, ...onEvent }), driver);
  } finally {
    await driver.close();
  }
}

function openDriver(descriptor: BackendDescriptor): NonNullable<BackendDescriptor['openMigrationDriver']> {
  const open = descriptor.openMigrationDriver;
  if (!open) {
    throw new InferError(
      ErrorCode.MigrationDefinition,
      `the ${descriptor.displayName} backend ships migrations but no migration driver (openMigrationDriver)`,
      { hint: `report this to the maintainers of the package that provides storage type "${descriptor.type}"` },
    );
  }
  return open.bind(descriptor);
}
