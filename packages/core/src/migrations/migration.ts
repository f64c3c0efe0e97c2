import type { DataMigrationContext } from './data-context.js';

/** Code run as a migration step, with a small typed API over the migration's transaction. */
export type DataMigration = (context: DataMigrationContext) => Promise<void>;

/**
 * A migration: one versioned step of a backend's schema, as SQL text in the backend's dialect or as
 * a data migration (a function).
 *
 * @example
 * const m: Migration = {
 *   version: '002',
 *   description: 'Add user preferences table',
 *   up: 'CREATE TABLE user_preferences (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, settings TEXT NOT NULL);',
 *   down: 'DROP TABLE IF EXISTS user_preferences;',
 * };
 */
export interface Migration {
  /** Digits only ("001", "20250101120000"); migrations apply in numeric order. */
  readonly version: string;
  /** One line shown in status and recorded in the ledger. */
  readonly description: string;
  /** SQL text (several statements allowed), or a data migration. */
  readonly up: string | DataMigration;
  /** What reverts `up`; `infer migrate down` refuses to pass a migration without one. */
  readonly down?: string | DataMigration;
  /**
   * `false` runs the migration outside a transaction, for statements that cannot run inside one
   * (e.g. `CREATE INDEX CONCURRENTLY`): statement by statement, recorded in the ledger after the
   * last one succeeds. The one case where a failure can leave part of a migration applied; the
   * error then says which statements ran. Default `true`.
   */
  readonly transaction?: boolean;
  /**
   * Acknowledges that `up` destroys data (DROP TABLE, DROP COLUMN, TRUNCATE, DELETE without
   * WHERE...): without it, such a migration is refused before anything runs.
   */
  readonly destructive?: boolean;
  /**
   * Acknowledges that the migration reaches outside its database: a statement of its up or down
   * that the driver lists in `externalStatements` (SQLite ATTACH, PostgreSQL COPY … TO a file or
   * `pg_read_file`...). Without it, such a migration is refused before anything runs. Either way
   * `infer migrate lint` does not run it in its scratch space, so the database does not check its SQL.
   */
  readonly external?: boolean;
  /**
   * Acknowledges that `up` holds locks that block other sessions while it runs on a table that
   * already has rows (PostgreSQL: CREATE INDEX without CONCURRENTLY, ADD FOREIGN KEY without NOT
   * VALID...): lint then does not report them. For a table known to be small, or a maintenance window.
   */
  readonly blocking?: boolean;
  /**
   * Makes lint's warnings about this migration's locks (and SQLite ALTER TABLE forms that fail once
   * the table has rows) errors, which stop a run before anything is written. `blocking: true` wins.
   */
  readonly strict?: boolean;
  /**
   * Seconds any one statement of the migration may run before the database cancels it, failing
   * the migration (rolled back with its transaction); header `statement_timeout=<seconds>` in a
   * migration file. Default: no limit. A driver that cannot set one ignores it (PostgreSQL sets it).
   */
  readonly statementTimeout?: number;
  /**
   * The checksum recorded in the ledger. A data migration declares it (a function has no stable
   * text to hash); without one it is never reported as drift. A SQL migration is hashed from its
   * text unless it declares `checksumOf(up)` here, precomputed: a package that ships migrations
   * spares every open the hashing. A declared checksum that is not its text's is refused before the
   * migration is applied and by `infer migrate lint`, and the shared test suite fails it, so an edit
   * of the SQL cannot hide behind a stale one.
   */
  readonly checksum?: string;
}

/** A row of `schema_migrations`, as earlier releases and this engine write it. */
export interface LedgerRow {
  readonly version: string;
  readonly description: string;
  /** As stored by the database (text for SQLite, ISO string for PostgreSQL). */
  readonly appliedAt: string;
  /** Absent in rows that earlier releases wrote, and for data migrations without a checksum. */
  readonly checksum?: string;
}

/** What the engine did with one migration in one run. */
export type MigrationOutcome = 'applied' | 'reverted' | 'baselined' | 'skipped' | 'failed' | 'not-run';

export interface MigrationResult {
  readonly version: string;
  readonly description: string;
  readonly outcome: MigrationOutcome;
  /** Wall time of the migration's transaction, in whole milliseconds (applied, reverted and failed only). */
  readonly durationMs?: number;
}

/** One line of a status report. `unknown` is a version in the ledger that the code does not ship. */
export interface MigrationStatusEntry {
  readonly version: string;
  readonly description: string;
  readonly state: 'applied' | 'pending' | 'unknown';
  readonly appliedAt?: string;
  /** An applied migration whose text changed since (its checksum differs from the ledger's). */
  readonly drift?: boolean;
}
