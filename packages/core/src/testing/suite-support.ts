import { expect } from 'vitest';
import type { ClosableMigrationDriver, MigratingBackendDescriptor } from '../contract/descriptor.js';
import { type ErrorCode, type InferError, isInferError } from '../errors.js';
import type { MigrationEvent, MigrationEventListener } from '../migrations/events.js';
import type { Migration } from '../migrations/migration.js';
import { Migrator } from '../migrations/migrator.js';
import type { PlannedStep } from '../migrations/plan.js';
import type { BackendSuiteOptions, DatabaseDump, HandAccess } from './backend-suite.js';
import { configFor } from './section-config.js';

/** A database of the backend under test, reached both through the engine and by hand. */
export interface EngineDatabase extends HandAccess {
  /** A new migration driver on the database, opened through the descriptor; the caller closes it. */
  driver(): Promise<ClosableMigrationDriver>;
}

/** New migration drivers on the database of `section`, opened through the descriptor. */
export function driversOf<Section extends object, Config>(
  options: BackendSuiteOptions<Section, Config>,
  section: Section,
): Pick<EngineDatabase, 'driver'> {
  const descriptor = options.descriptor as MigratingBackendDescriptor<Config>;
  return { driver: async () => descriptor.openMigrationDriver(await configFor(descriptor, section)) };
}

/** The database of `section`: drivers through the descriptor, and the suite's access by hand. */
export function engineDatabase<Section extends object, Config>(
  options: BackendSuiteOptions<Section, Config>,
  section: Section,
): EngineDatabase {
  return { ...options.byHand!(section), ...driversOf(options, section) };
}

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
  db: Pick<EngineDatabase, 'driver'>,
  migrations: readonly Migration[],
  work: (migrator: Migrator) => Promise<T>,
  onEvent?: MigrationEventListener,
): Promise<T> {
  const driver = await db.driver();
  try {
    return await work(new Migrator({ driver, migrations, ...(onEvent ? { onEvent } : {}) }));
  } finally {
    await driver.close();
  }
}

/** Whether a table exists, asked through a driver of `db`. */
export async function tableExists(db: Pick<EngineDatabase, 'driver'>, name: string): Promise<boolean> {
  const driver = await db.driver();
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
