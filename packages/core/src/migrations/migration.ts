/**
 * A migration: one versioned step of a backend's schema.
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
  /** SQL text in the backend's dialect (several statements allowed). */
  readonly up: string;
  /** SQL that reverts `up`, when there is one. */
  readonly down?: string;
  /**
   * `false` runs the migration outside a transaction, for statements that cannot run inside one
   * (e.g. `CREATE INDEX CONCURRENTLY`). Default `true`.
   */
  readonly transaction?: boolean;
}

/** A row of `schema_migrations`, as earlier releases and this engine write it. */
export interface LedgerRow {
  readonly version: string;
  readonly description: string;
  /** As stored by the database (text for SQLite, ISO string for PostgreSQL). */
  readonly appliedAt: string;
}

/** What the engine did with one migration in one run. */
export type MigrationOutcome = 'applied' | 'skipped' | 'failed' | 'not-run';

export interface MigrationResult {
  readonly version: string;
  readonly description: string;
  readonly outcome: MigrationOutcome;
  /** Wall time of the migration's transaction, in milliseconds (applied and failed only). */
  readonly durationMs?: number;
}

/** One line of a status report. `unknown` is a version in the ledger that the code does not ship. */
export interface MigrationStatusEntry {
  readonly version: string;
  readonly description: string;
  readonly state: 'applied' | 'pending' | 'unknown';
  readonly appliedAt?: string;
}
