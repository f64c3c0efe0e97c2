import { expect } from 'vitest';
import type { ClosableMigrationDriver } from '../contract/descriptor.js';
import { type ErrorCode, type InferError, isInferError } from '../errors.js';
import { migrationChecksum } from '../migrations/checksum.js';
import type { MigrationEvent, MigrationEventListener } from '../migrations/events.js';
import type { Migration, MigrationResult } from '../migrations/migration.js';
import { Migrator } from '../migrations/migrator.js';
import type { PlannedStep } from '../migrations/plan.js';

/** A database of the backend under test, reached both through the engine and by hand. */
export interface EngineDatabase {
  /** A new migration driver on the database; the suite closes it. */
  driver(): ClosableMigrationDriver;
  /** Runs SQL by hand, on a connection of its own (as an operator or an earlier release would). */
  exec(sql: string): Promise<void>;
  /** The rows of one query, by hand. */
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

export interface EngineSuiteOptions {
  /** Shown in the test names, e.g. `SQLite`. */
  readonly name: string;
  /**
   * The backend's shipped migrations: 001 creates `conversations` (and `idx_conversations_updated_at`), 002
   * `user_preferences`.
   */
  readonly migrations: readonly Migration[];
  /** A new, empty database. */
  readonly create: () => Promise<EngineDatabase>;
  /**
   * A new database as earlier releases left it: 001's schema and a ledger of their three-column DDL holding 001 without
   * checksum.
   */
  readonly createLegacy: () => Promise<EngineDatabase>;
  /** SQL the suite writes by hand where the backend's dialect differs from SQLite's and PostgreSQL's. */
  readonly sql?: Partial<EngineSuiteSql>;
}

/** The hand-written SQL of the suite; the defaults run on SQLite and PostgreSQL. */
export interface EngineSuiteSql {
  /** A literal for `schema_migrations.applied_at`. Default `'2030-01-02 03:04:05+00'`. */
  readonly appliedAt: string;
  /**
   * A script that fills the table `items (id, n)` with the rows 1 to `rows`, `n` equal to `id`. Default a recursive
   * CTE.
   */
  readonly fillItems: (rows: number) => string;
  /** Drops an index of a table. Default `DROP INDEX <index>`. MySQL: `DROP INDEX <index> ON <table>`. */
  readonly dropIndex: (index: string, table: string) => string;
}

const DEFAULT_SQL: EngineSuiteSql = {
  appliedAt: "'2030-01-02 03:04:05+00'",
  fillItems: (rows) =>
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows}) INSERT INTO items ` +
    '(id, n) SELECT i, i FROM seq;',
  dropIndex: (index) => `DROP INDEX ${index}`,
};

/** Rows of the data migration tests: enough for several batches and many progress events. */
export const ROWS = 100_000;
export const FAIL_AT = 60_000;

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<InferError & Record<string, unknown>> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as InferError & Record<string, unknown>,
  );
}

/** Runs `work` with a migrator over a new driver of `db`, closed afterwards. */
export async function withMigrator<T>(
  db: EngineDatabase,
  migrations: readonly Migration[],
  work: (migrator: Migrator) => Promise<T>,
  onEvent?: MigrationEventListener,
): Promise<T> {
  const driver = db.driver();
  try {
    return await work(new Migrator({ driver, migrations, ...(onEvent ? { onEvent } : {}) }));
  } finally {
    await driver.close();
  }
}

/** Whether a table exists, asked through a driver of `db`. */
export async function tableExists(db: EngineDatabase, name: string): Promise<boolean> {
  const driver = db.driver();
  try {
    return await driver.tableExists(name);
  } finally {
    await driver.close();
  }
}

export function expectCode(error: unknown, code: ErrorCode): void {
  expect(isInferError(error, code), `expected code ${code}, got ${String(error)}`).toBe(true);
}

export const planned =
  (direction: 'up' | 'down') =>
  (m: Migration): PlannedStep => ({
    version: m.version,
    description: m.description,
    direction,
    kind: 'sql',
    sql: (direction === 'up' ? m.up : m.down) as string,
    transaction: true,
  });

/** The ledger without the times rows were written at, to compare two databases. */
export const ledgerOf = (dump: DatabaseDump) =>
  dump.ledger.map((row) => ({ version: row.version, description: row.description, checksum: row.checksum }));
export const versionsOf = (dump: DatabaseDump) => dump.ledger.map((row) => row.version);
export const outcomes = (results: readonly { version: string; outcome: string }[]) =>
  results.map((r) => [r.version, r.outcome]);

/** `migration:progress` events of one version: never backwards, total known throughout, ending at it. */
export function expectProgress(events: readonly MigrationEvent[], version: string, total: number): void {
  const progress = events.flatMap((e) => (e.type === 'migration:progress' && e.version === version ? [e] : []));
  // At least the start and the end; in between, at most one every 100 ms.
  expect(progress.length).toBeGreaterThanOrEqual(2);
  for (const [i, event] of progress.entries()) {
    expect(event.total).toBe(total);
    if (i > 0) expect(event.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    if (event.done > 0) expect(event.ratePerSecond).toBeGreaterThan(0);
  }
  expect(progress.at(-1)!.done).toBe(total);
}

/** What every group of the suite works with, derived once from the options. */
export interface SuiteContext {
  readonly options: EngineSuiteOptions;
  /** The backend's migrations, hashed from their text: the drift tests edit copies of them. */
  readonly shipped: readonly Migration[];
  readonly sql: EngineSuiteSql;
  /** The nth version after the shipped ones, for test migrations. */
  laterVersion(n: number): string;
  up(migrator: Migrator): Promise<MigrationResult[]>;
  /** The last shipped version. */
  readonly last: string;
  checksum(migration: Migration): string;
  /** A new database with a ledger and the first `count` shipped migrations applied. */
  migratedTo(count: number): Promise<EngineDatabase>;
}

export function suiteContext(options: EngineSuiteOptions): SuiteContext {
  // A declared checksum would stay with an edited copy (`{ ...m, up: edited }`) and hide the edit.
  const shipped = options.migrations.map(({ checksum, ...m }) => (typeof m.up === 'string' ? m : { ...m, checksum }));
  const last = shipped.at(-1)!.version;
  const up = (m: Migrator) => m.up();
  return {
    options,
    shipped,
    last,
    sql: { ...DEFAULT_SQL, ...options.sql },
    laterVersion: (n) => String(Number(last) + n).padStart(last.length, '0'),
    up,
    checksum: (m) => migrationChecksum(m)!,
    async migratedTo(count) {
      const db = await options.create();
      const driver = db.driver();
      try {
        await driver.ensureLedger();
      } finally {
        await driver.close();
      }
      await withMigrator(db, shipped.slice(0, count), up);
      return db;
    },
  };
}
