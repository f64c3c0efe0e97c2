import { existsSync } from 'node:fs';
import type { LedgerRow, MigrationTransaction, SqlExecutor } from '@infer/core';
import { SqlMigrationDriver, ledgerDialect, ledgerTransaction, withSavepoints } from '@infer/core/kit';
import type Database from 'better-sqlite3';
import { backupBeside } from './backup.js';
import { type ConnectOptions, assertWritable, connect, openScratch } from './connection.js';
import { sqliteExecutor } from './executor.js';
import { SQLITE_EXTERNAL_STATEMENTS } from './external-statements.js';
import { assertUndamaged, namingCause } from './failure-causes.js';
import { underWriteLock } from './lock-wait.js';
import { sqliteIdentity } from './identity.js';

/** The page cache of a migration run, in KiB. */
const MIGRATION_CACHE_KIB = 2000;

/** The ledger exactly as earlier releases created it (three columns and an index on version), plus its checksum. */
const LEDGER = ledgerDialect('sqlite');

export interface SqliteMigrationDriverOptions {
  /** `close()` closes the connection (the driver opened it). Default `false`. */
  readonly ownsConnection?: boolean;
  /** Opens the database at the first write, when it did not exist yet (`db` undefined). */
  readonly openOnWrite?: () => Database.Database;
  /** Status only: never create or write; a write throws. Default `false`. */
  readonly readOnly?: boolean;
}

/**
 * The migration engine's driver for SQLite. There is no lock held for the whole run: each
 * migration takes the database's own write lock with `BEGIN IMMEDIATE` (waiting up to the busy
 * timeout) and the engine re-reads its ledger row inside it, so concurrent processes apply each
 * migration exactly once. DDL is transactional in SQLite, so a failure leaves nothing behind.
 * (A migration that opts out of a transaction is not protected from a concurrent run.)
 */
export class SqliteMigrationDriver extends SqlMigrationDriver {
  #db: Database.Database | undefined;
  readonly #openOnWrite: (() => Database.Database) | undefined;
  readonly #ownsConnection: boolean;
  /** One per driver, so its statements are prepared once: a run of 1000 migrations reuses a handful. */
  #executor: SqlExecutor | undefined;
  #transaction: MigrationTransaction | undefined;

  /**
   * `db` undefined stands for a database that does not exist yet: its ledger is empty, and the
   * first write opens it with `openOnWrite` (without one, a write throws). `close()` closes the
   * connection only when the driver opened it.
   */
  constructor(db: Database.Database | undefined, options: SqliteMigrationDriverOptions = {}) {
    super({
      displayName: sqliteIdentity.displayName,
      ledger: LEDGER,
      externalStatements: SQLITE_EXTERNAL_STATEMENTS,
      readOnly: options.readOnly ?? false,
    });
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
    const readOnly = options.readOnly === true;
    if (!readOnly && !existsSync(path)) {
      return new SqliteMigrationDriver(undefined, {
        ownsConnection: true,
        openOnWrite: () => connectForMigrations(path, options)!,
      });
    }
    if (!readOnly) assertWritable(path);
    return new SqliteMigrationDriver(connectForMigrations(path, options), { ownsConnection: true, readOnly });
  }

  override async readLedger(): Promise<LedgerRow[]> {
    return this.#db === undefined ? [] : super.readLedger();
  }

  override async tableExists(name: string): Promise<boolean> {
    return this.#db !== undefined && super.tableExists(name);
  }

  /** Each statement commits on its own, so each waits for another writer as a write does (exit 10 past the wait). */
  override async withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    this.assertWritable();
    const db = this.#database();
    const exec = async (sql: string) => underWriteLock(db, () => void db.exec(sql));
    return work({ ...this.migrationTransaction(this.session()), exec });
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

  protected session(): SqlExecutor {
    this.#executor ??= sqliteExecutor(this.#database());
    return this.#executor;
  }

  /** `BEGIN IMMEDIATE` takes the write lock at once, waiting for another writer up to the busy timeout. */
  protected async inTransaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const db = this.#database();
    underWriteLock(db, () => db.exec('BEGIN IMMEDIATE'));
    try {
      const result = await work(this.session());
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Always on {@link session}: one ledger transaction per driver. */
  protected override migrationTransaction(executor: SqlExecutor): MigrationTransaction {
    this.#transaction ??= ledgerTransaction(executor, this.ledger);
    return this.#transaction;
  }

  protected override async onClose(): Promise<void> {
    if (this.#ownsConnection) this.#db?.close();
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

function isEmpty(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get() === undefined;
}
