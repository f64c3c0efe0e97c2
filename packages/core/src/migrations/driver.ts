import type { LedgerRow, Migration } from './migration.js';

/** The ledger row the engine asks a driver to write together with a migration. */
export interface LedgerRecord {
  readonly version: string;
  readonly description: string;
  readonly appliedAt: Date;
}

/**
 * What the migration engine needs from a SQL backend. The engine is written once against this;
 * a driver holds only its dialect's details. Implementations must make {@link applyMigration}
 * atomic when the backend has transactional DDL.
 */
export interface MigrationDriver {
  /** Shown in status headers, e.g. `SQLite` in "SQLite Migration Status:". */
  readonly dialect: string;

  /** Creates `schema_migrations` (and its index) if missing. The only write outside a migration. */
  ensureLedger(): Promise<void>;

  /** Every ledger row; an empty list when the ledger does not exist. Never writes. */
  readLedger(): Promise<LedgerRow[]>;

  /**
   * Runs the migration's `up` and inserts its ledger row, in one transaction that holds the
   * database's write lock. Returns `'skipped'` without running anything when the version is
   * already in the ledger by then (another process applied it since the engine read the ledger).
   * On failure nothing of the migration remains and the driver's error is thrown.
   */
  applyMigration(migration: Migration, record: LedgerRecord): Promise<'applied' | 'skipped'>;

  /** Taken before a run and released after it, in `finally`. */
  acquireLock(): Promise<void>;
  releaseLock(): Promise<void>;
}
