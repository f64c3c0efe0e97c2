import type { ClosableMigrationDriver, LedgerRow, MigrationTransaction, SqlExecutor } from '@infer/core';
import { withSavepoints } from '@infer/core/kit';
import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { backupBeside } from './backup.js';
import { type ConnectOptions, assertWritable, connect, openScratch } from './connection.js';
import { assertUndamaged, namingCause } from './failure-causes.js';
import { underWriteLock } from './lock-wait.js';
import { sqliteExecutor } from './executor.js';
import { SQLITE_EXTERNAL_STATEMENTS } from './external-statements.js';

/** The page cache of a migration run, in KiB. */
const MIGRATION_CACHE_KIB = 2000;

/** The ledger exactly as earlier releases created it (three columns and an index on version). */
const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at DATETIME NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
`;

/** Added to ledgers of earlier releases too; nullable, so their rows stay valid without one. */
const ADD_CHECKSUM = 'ALTER TABLE schema_migrations ADD COLUMN checksum VARCHAR(64)';

/**
 * The migration engine's driver for SQLite. There is no lock held for the whole run: each
 * migration takes the database's own write lock with `BEGIN IMMEDIATE` (waiting up to the busy
 * timeout) and the engine re-reads its ledger row inside it, so concurrent processes apply each
 * migration exactly once. DDL is transactional in SQLite, so a failure leaves nothing behind.
 * (A migration that opts out of a transaction is not protected from a concurrent run.)
 */
export class SqliteMigrationDriver implements ClosableMigrationDriver {
  readonly sqlDialect = 'sqlite';
  readonly externalStatements = SQLITE_EXTERNAL_STATEMENTS;
  #db: Database.Database | undefined;
  readonly #openOnWrite: (() => Database.Database) | undefined;
  readonly #ownsConnection: boolean;
  #transaction: MigrationTransaction | undefined;

  /**
   * `db` undefined stands for a database that does not exist yet: its ledger is empty, and the
   * first write opens it with `openOnWrite` (without one, the driver is read-only status and a write
   * throws). `close()` closes the connection only when the driver opened it.
   */
  constructor(
    db: Database.Database | undefined,
    options: { ownsConnection?: boolean; openOnWrite?: () => Database.Database } = {},
  ) {
    this.#db = db;
    this.#openOnWrite = options.openOnWrite;
    this.#ownsConnection = options.ownsConnection ?? false;
  }

  /**
   * A driver on its own connection, for `infer migrate`; read-only never creates the file. A file
   * that does not exist yet is created by the first write, so a run that its checks refuse (or that
   * has nothing to write) leaves no file behind.
   */
  static open(path: string, options: ConnectOptions = {}): SqliteMigrationDriver {
    if (!options.readOnly && !existsSync(path)) {
      return new SqliteMigrationDriver(undefined, {
        ownsConnection: true,
        openOnWrite: () => connectForMigrations(path, options)!,
      });
    }
    if (!options.readOnly) assertWritable(path);
    return new SqliteMigrationDriver(connectForMigrations(path, options), { ownsConnection: true });
  }

  /** Under the write lock: processes starting at once must not both add the checksum column. */
  async ensureLedger(): Promise<void> {
    const db = this.#database();
    if (tableExists(db, 'schema_migrations') && hasChecksumColumn(db)) return;
    await this.transaction(async () => prepareLedger(db));
  }

  /** In a migration's transaction (which holds the write lock): rolled back with it when it fails. */
  async ensureLedgerIn(): Promise<void> {
    prepareLedger(this.#database());
  }

  async readLedger(): Promise<LedgerRow[]> {
    const db = this.#db;
    if (!db || !tableExists(db, 'schema_migrations')) return [];
    const checksum = hasChecksumColumn(db) ? ', checksum' : '';
    const rows = db.prepare(`SELECT version, description, applied_at${checksum} FROM schema_migrations`).all() as {
      version: string;
      description: string;
      applied_at: unknown;
      checksum?: string | null;
    }[];
    return rows.map((row) => ({
      version: String(row.version),
      description: row.description,
      appliedAt: String(row.applied_at),
      ...(typeof row.checksum === 'string' ? { checksum: row.checksum } : {}),
    }));
  }

  async transaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    const db = this.#database();
    underWriteLock(db, () => db.exec('BEGIN IMMEDIATE'));
    try {
      const result = await work(this.#tx(db));
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  async withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    const db = this.#database();
    // Each statement commits on its own, so each waits for another writer as a write does (exit 10 past busy_timeout).
    return work({ ...this.#tx(db), exec: async (sql) => underWriteLock(db, () => void db.exec(sql)) });
  }

  placeholder(): string {
    return '?';
  }

  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  async tableExists(name: string): Promise<boolean> {
    return this.#db !== undefined && tableExists(this.#db, name);
  }

  async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const db = openScratch();
    try {
      db.exec('BEGIN');
      return await work(withSavepoints(sqliteExecutor(db)));
    } finally {
      db.close();
    }
  }

  async backup(options: { readonly keep: number }): Promise<string | undefined> {
    const db = this.#db;
    if (!db || db.memory || isEmpty(db)) return undefined;
    return backupBeside(db, options.keep);
  }

  async acquireLock(): Promise<void> {}

  async releaseLock(): Promise<void> {}

  async close(): Promise<void> {
    if (this.#ownsConnection) this.#db?.close();
  }

  /** One per driver, its statements prepared once: a run of 1000 migrations would otherwise prepare them 2000 times. */
  #tx(db: Database.Database): MigrationTransaction {
    if (this.#transaction) return this.#transaction;
    // Prepared on first use: a ledger of an earlier release has no checksum column until a write needs it.
    const has = lazy(() => db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?'));
    const record = lazy(() =>
      db.prepare('INSERT INTO schema_migrations (version, description, applied_at, checksum) VALUES (?, ?, ?, ?)'),
    );
    const forget = lazy(() => db.prepare('DELETE FROM schema_migrations WHERE version = ?'));
    const setChecksum = lazy(() => db.prepare('UPDATE schema_migrations SET checksum = ? WHERE version = ?'));
    this.#transaction = {
      ...sqliteExecutor(db),
      isRecorded: async (version) => has().get(version) !== undefined,
      record: async (row) =>
        void record().run(row.version, row.description, row.appliedAt.toISOString(), row.checksum ?? null),
      forget: async (version) => void forget().run(version),
      setChecksum: async (version, checksum) => void setChecksum().run(checksum, version),
    };
    return this.#transaction;
  }

  #database(): Database.Database {
    this.#db ??= this.#openOnWrite?.();
    if (!this.#db)
      throw new Error('the SQLite migration driver was opened read-only on a database that does not exist');
    return this.#db;
  }
}

function connectForMigrations(path: string, options: ConnectOptions): Database.Database | undefined {
  const db = connect(path, options);
  // SQLite's own default page cache (2 MB) instead of better-sqlite3's 16 MB: a run touches most
  // pages of the schema once, and the larger cache only made the peak memory of a run grow with
  // the number of migrations (+13 MiB from 100 to 1000, +7 MiB with this; bench `scaling`).
  db?.pragma(`cache_size = -${MIGRATION_CACHE_KIB}`);
  try {
    if (db) namingCause(db, () => assertUndamaged(db));
  } catch (error) {
    db?.close();
    throw error;
  }
  return db;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Creates the ledger and adds the checksum column, where missing; the caller holds a transaction. */
function prepareLedger(db: Database.Database): void {
  if (!tableExists(db, 'schema_migrations')) db.exec(CREATE_LEDGER);
  if (!hasChecksumColumn(db)) db.exec(ADD_CHECKSUM);
}

function isEmpty(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get() === undefined;
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function hasChecksumColumn(db: Database.Database): boolean {
  return (db.prepare('PRAGMA table_info(schema_migrations)').all() as { name: string }[]).some(
    (column) => column.name === 'checksum',
  );
}
