import type { BackendCapabilities } from './capabilities.js';
import type { MigrationDriver } from '../migrations/driver.js';
import type { MigrationEventListener } from '../migrations/events.js';
import type { Migration } from '../migrations/migration.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { StorageBackend } from './storage-backend.js';

export interface OpenOptions {
  /** Apply pending migrations while opening. Default `true`. */
  readonly migrate?: boolean;
  /** Progress of the migrations applied while opening. */
  readonly onMigrationEvent?: MigrationEventListener;
  /**
   * An application's own migrations, in the backend's dialect: they run after the backend's, in
   * one ordered sequence, and are checked like them (see `Migrator`).
   */
  readonly migrations?: readonly Migration[];
  /**
   * Create the store when it does not exist (a SQLite file and its directory). Default `true`. With
   * `false`, a store that does not exist fails with `E_CONFIG` and nothing is created.
   */
  readonly create?: boolean;
  /**
   * Only read: never create, migrate or write the store (a SQLite file keeps its bytes, its `-wal`
   * and `-shm` and its journal mode); implies `migrate: false` and `create: false`. Default `false`.
   */
  readonly readOnly?: boolean;
}

export interface MigrationDriverOptions {
  /** Never create or change anything (status); a database that does not exist has an empty ledger. */
  readonly readOnly?: boolean;
}

/** A migration driver that owns a connection. */
export interface ClosableMigrationDriver extends MigrationDriver {
  close(): Promise<void>;
}

/**
 * One key of a backend's section, as a user writes it. Hosts use it to write a commented
 * configuration (`infer init`) and to resolve file paths the one way every path is resolved.
 */
export interface BackendSetting {
  /** The key in `storage.<type>`, e.g. `path`. */
  readonly key: string;
  /** What it is for, one line: the comment above it in a written configuration. */
  readonly description: string;
  /** The default as a user would write it (`~/.infer/conversations.db`, `5432`); absent when unset by default. */
  readonly default?: string | number | boolean;
  /**
   * Set for a file path. In a configuration file, a relative path is relative to the directory of
   * that file; from an environment variable, to the current directory; `~` is the home directory.
   * `keywords` are values that are words, not paths (`system` for a root certificate).
   */
  readonly path?: { readonly keywords?: readonly string[] };
}

/**
 * What a backend package registers: everything the CLI or an application needs to configure and
 * open it, and its migrations. Register it with `registerBackend(container, descriptor)` or pass it
 * to a `BackendRegistry` by hand. A union: a backend with migrations has a migration driver
 * ({@link MigratingBackendDescriptor}), one without (`migrations: 'none'`) has none
 * ({@link SchemalessBackendDescriptor}), and the compiler holds a descriptor to one or the other.
 *
 * @example
 * export const memoryBackend: BackendDescriptor<MemoryConfig> = {
 *   type: 'memory', displayName: 'Memory', contract: '^1.0.0', configSchema: v.strictObject({}),
 *   migrations: 'none', open: () => MemoryBackend.open(),
 * };
 */
export type BackendDescriptor<Config = unknown> =
  | MigratingBackendDescriptor<Config>
  | SchemalessBackendDescriptor<Config>;

/** A backend with a versioned schema: its migrations, and the driver `infer migrate` runs them with. */
export interface MigratingBackendDescriptor<Config = unknown> extends BackendDescriptorBase<Config> {
  /** Shipped migrations in any order. */
  readonly migrations: readonly Migration[];
  /** A driver for the migration engine alone (`infer migrate`). */
  openMigrationDriver(config: Config, options?: MigrationDriverOptions): Promise<ClosableMigrationDriver>;
}

/** A backend without a schema (Redis, memory): nothing to migrate, so no migration driver. */
export interface SchemalessBackendDescriptor<Config = unknown> extends BackendDescriptorBase<Config> {
  readonly migrations: 'none';
  readonly openMigrationDriver?: undefined;
}

/** What every {@link BackendDescriptor} has. */
export interface BackendDescriptorBase<Config = unknown> {
  /** The `storage.type` value that selects this backend; also its config section's key. */
  readonly type: string;
  /** Human name, e.g. `SQLite` in "SQLite Migration Status:". */
  readonly displayName: string;
  /**
   * The backend contract versions this backend works with, as a semver range (`^1.0.0`); hosts
   * refuse a backend whose range excludes their `CONTRACT_VERSION`.
   */
  readonly contract: string;
  /**
   * What the backend's instances report as `capabilities`, where they differ from the defaults:
   * declared here too so that tools (the shared test suite among them) know without opening one.
   * `migrations` need not be declared: it follows from `migrations` (see `descriptorCapabilities`).
   */
  readonly capabilities?: Partial<BackendCapabilities>;
  /** Validates `storage.<type>` (with defaults filled in). Any Standard Schema, e.g. a valibot or zod 4 schema. */
  readonly configSchema: StandardSchemaV1<unknown, Config>;
  /**
   * The keys of its section, in the order a written configuration lists them. Optional: without
   * it, `infer init` lists the defaults its `configSchema` fills in, and a relative path is
   * left to the schema (earlier hosts resolved those from the current directory).
   */
  readonly settings?: readonly BackendSetting[];
  /** Opens the backend; pending migrations are applied unless `options.migrate` is `false`. */
  open(config: Config, options?: OpenOptions): Promise<StorageBackend>;
  /**
   * For a driver that finds a password by itself when the configuration gives none (node-postgres:
   * `PGPASSWORD`, `~/.pgpass`): where it would find one for this configuration (the variable or
   * file, e.g. `~/.pgpass`), or `undefined`. Lets the CLI know which credential a connection would
   * send before it opens one; a backend without it sends only the credentials of its section.
   * Reads the process environment, as the driver does.
   */
  ambientCredential?(config: Config): Promise<string | undefined>;
}
