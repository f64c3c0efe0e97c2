import type { ClosableMigrationDriver, LedgerRecord, LedgerRow, Migration } from '@infer/core';
import type Database from 'better-sqlite3';
import { connect } from './connection.js';

/** The ledger exactly as earlier releases created it (three columns and an index on version). */
const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at DATETIME NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
`;

/**
 * The migration engine's driver for SQLite. There is no lock held for the whole run: each
 * migration takes the database's own write lock with `BEGIN IMMEDIATE` (waiting up to the busy
 * timeout) and re-reads its ledger row inside it, so concurrent processes apply each migration
 * exactly once. DDL is transactional in SQLite, so a failure leaves nothing behind.
 */
export class SqliteMigrationDriver implements ClosableMigrationDriver {
  readonly dialect = 'SQLite';
  readonly #db: Database.Database | undefined;
  readonly #ownsConnection: boolean;
  #statements: { has: Database.Statement; record: Database.Statement } | undefined;

  /**
   * `db` undefined stands for a database that does not exist yet (read-only status): its ledger is
   * empty. `close()` closes the connection only when the driver opened it.
   */
  constructor(db: Database.Database | undefined, options: { ownsConnection?: boolean } = {}) {
    this.#db = db;
    this.#ownsConnection = options.ownsConnection ?? false;
  }

  /** A driver on its own connection, for `infer migrate`; read-only never creates the file. */
  static open(path: string, options: { readOnly?: boolean } = {}): SqliteMigrationDriver {
    return new SqliteMigrationDriver(connect(path, options), { ownsConnection: true });
  }

  async ensureLedger(): Promise<void> {
    this.#database().exec(CREATE_LEDGER);
  }

  async readLedger(): Promise<LedgerRow[]> {
    const db = this.#db;
    if (!db || !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get()) return [];
    const rows = db.prepare('SELECT version, description, applied_at FROM schema_migrations').all() as {
      version: string;
      description: string;
      applied_at: unknown;
    }[];
    return rows.map((row) => ({ version: String(row.version), description: row.description, appliedAt: String(row.applied_at) }));
  }

  async applyMigration(migration: Migration, record: LedgerRecord): Promise<'applied' | 'skipped'> {
    const db = this.#database();
    const inTransaction = migration.transaction !== false;
    if (inTransaction) db.exec('BEGIN IMMEDIATE');
    try {
      const statements = this.#ledgerStatements(db);
      if (statements.has.get(record.version)) {
        if (inTransaction) db.exec('ROLLBACK');
        return 'skipped';
      }
      db.exec(migration.up);
      statements.record.run(
        record.version,
        record.description,
        record.appliedAt.toISOString(),
      );
      if (inTransaction) db.exec('COMMIT');
      return 'applied';
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  async acquireLock(): Promise<void> {}

  async releaseLock(): Promise<void> {}

  async close(): Promise<void> {
    if (this.#ownsConnection) this.#db?.close();
  }

  /** Prepared once per driver: a run of 1000 migrations would otherwise prepare them 2000 times. */
  #ledgerStatements(db: Database.Database) {
    return (this.#statements ??= {
      has: db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?'),
      record: db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)'),
    });
  }

  #database(): Database.Database {
    if (!this.#db) throw new Error('the SQLite migration driver was opened read-only on a database that does not exist');
    return this.#db;
  }
}

