import { describe } from 'vitest';
import { descriptorCapabilities } from '../contract/capabilities.js';
import type { BackendDescriptor } from '../contract/descriptor.js';
import { concurrencyGroup } from './concurrency-group.js';
import { contractGroup } from './contract-group.js';
import { descriptorGroup } from './descriptor-group.js';
import { lockGroup } from './lock-group.js';
import { migrationGroup } from './migration-group.js';
import type { SuiteSql } from './suite-migrations.js';

/** The groups of {@link runBackendSuite}; each can be switched off by name. */
export type SuiteGroup = 'descriptor' | 'contract' | 'migration' | 'lock' | 'concurrency';

/** A database reached by hand, as an operator or an earlier release would: for the migration group. */
export interface HandAccess {
  /** Runs SQL on a connection of its own. */
  exec(sql: string): Promise<void>;
  /** The rows of one query, on a connection of its own. */
  query<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  /** Everything there is, for "nothing changed" comparisons. */
  dump(): Promise<DatabaseDump>;
}

export interface DatabaseDump {
  /** The schema as the database's catalogue holds it (the ledger's table included). */
  readonly schema: unknown;
  /** Every table's rows (the ledger's included). */
  readonly data: unknown;
  /** Every column of every ledger row, in version order; empty when there is no ledger. */
  readonly ledger: readonly Record<string, unknown>[];
}

/** Another session holding the migration lock, as a stuck `infer migrate` elsewhere would. */
export interface HeldLock {
  /** Lets go of the lock (at once, if it is still held). */
  release(): Promise<void>;
  /** What a lock timeout's message must say of this holder, e.g. its process id. */
  readonly describedBy?: RegExp;
  /** What the timeout's hint must say, e.g. how to end this holder. */
  readonly hint?: RegExp;
}

export interface LockOptions<Section> {
  /** The section's key of the lock wait, in seconds: `lock_timeout`, `busy_timeout`. */
  readonly timeoutKey: string;
  /**
   * Takes the migration lock of `section`'s database in another session. Given `releaseAfterMs`,
   * the suite calls `release` then; a holder in another process lets go then by itself too, for a
   * backend whose wait blocks this thread (SQLite's does).
   */
  hold(section: Section, releaseAfterMs?: number): Promise<HeldLock>;
  /** Whether no session holds the migration lock of `section`'s database. */
  isFree(section: Section): Promise<boolean>;
}

export interface BackendSuiteOptions<Section extends object = Record<string, unknown>, Config = unknown> {
  /** The backend's descriptor, as its plugin hook registers it. */
  readonly descriptor: BackendDescriptor<Config>;
  /**
   * The backend package's manifest, `new URL('../package.json', import.meta.url)`, once the package
   * is built: the descriptor group checks the plugin hook it names, and the concurrency group's
   * processes find the backend through it. Without it, both are left out.
   */
  readonly packageJson?: URL;
  /** The database driver's module path, which the plugin hook must not load (it is loaded on first use). */
  readonly driverModule?: RegExp;
  /**
   * Sections the schema must refuse, each with what its one-line message must match
   * (`storage.<type>.<key>: …`, as `infer` prints it).
   */
  readonly invalidSections?: readonly (readonly [section: object, message: RegExp])[];
  /** `false` when the backend's server does not answer (`INFER_TEST_BACKENDS`): only the descriptor group runs. */
  readonly server?: boolean;
  /**
   * The `storage.<type>` section of new, empty storage (a new database, file or key prefix); the
   * groups open backends and drivers from it through the descriptor, as the CLI does.
   */
  newStorage(): Promise<Section>;
  /** Access to a section's database by hand: the migration group needs it (SQL backends). */
  readonly byHand?: (section: Section) => HandAccess;
  /** The migration lock, seen from another session: the lock group needs it. */
  readonly lock?: LockOptions<Section>;
  /** Settings that change how migrations lock (PostgreSQL's `lock_mode`): the lock and concurrency groups run each. */
  readonly lockVariants?: readonly Partial<Section>[];
  /** Hand-written SQL where the database's dialect differs from SQLite's and PostgreSQL's. */
  readonly sql?: Partial<SuiteSql>;
  /** How many processes migrate one new database at once, and how often. Default 8 processes, 3 rounds. */
  readonly concurrency?: { readonly processes?: number; readonly rounds?: number };
  /** Groups to leave out, e.g. `{ concurrency: false }`. */
  readonly groups?: Partial<Record<SuiteGroup, boolean>>;
}

/**
 * The shared test suite every backend runs, as vitest tests in groups: `descriptor` (no server:
 * the descriptor, its migrations and its plugin hook), `contract` (the `StorageBackend` contract,
 * with the checks of each declared capability), `migration` (the migration engine on the
 * database, in tables of the suite's own), `lock` (the migration lock against another session) and
 * `concurrency` (real processes migrating one database at once, each migration applied once).
 * Groups switch themselves on by what the backend declares and what the options supply.
 *
 * @example
 * runBackendSuite({
 *   descriptor: sqliteBackend,
 *   packageJson: new URL('../package.json', import.meta.url),
 *   newStorage: async () => ({ path: tempDatabasePath() }),
 *   byHand: ({ path }) => sqliteByHand(path),
 * });
 */
export function runBackendSuite<Section extends object, Config>(options: BackendSuiteOptions<Section, Config>): void {
  const { descriptor } = options;
  const capabilities = descriptorCapabilities(descriptor);
  // A group the backend has no use for (a schemaless backend's migration group) is not there at
  // all; one left out on purpose, or for want of its server, shows as skipped.
  const applies: Record<SuiteGroup, boolean> = {
    descriptor: true,
    contract: true,
    migration: migrating(descriptor) && options.byHand !== undefined,
    lock: migrating(descriptor) && options.lock !== undefined,
    concurrency: migrating(descriptor) && options.packageJson !== undefined,
  };
  const groups: Record<SuiteGroup, () => void> = {
    descriptor: () => descriptorGroup(options),
    contract: () => contractGroup(options, capabilities),
    migration: () => migrationGroup(options, capabilities),
    lock: () => lockGroup(options),
    concurrency: () => concurrencyGroup(options),
  };
  const server = options.server !== false;
  describe(`${descriptor.displayName}: the shared backend suite`, () => {
    for (const group of Object.keys(groups) as SuiteGroup[]) {
      if (!applies[group]) continue;
      const runs = options.groups?.[group] !== false && (group === 'descriptor' || server);
      describe.runIf(runs)(group, groups[group]);
    }
  });
}

const migrating = (descriptor: BackendDescriptor<unknown>) => descriptor.migrations !== 'none';
