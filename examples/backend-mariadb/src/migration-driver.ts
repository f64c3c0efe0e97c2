import type { ClosableMigrationDriver, LedgerRow, MigrationTransaction, SqlExecutor } from '@infer/core';
import type { MariadbConfig } from './config.js';
import { MariadbConnection } from './connection.js';
import { executorOf } from './executor.js';
import { MARIADB_EXTERNAL_STATEMENTS } from './external-statements.js';
import { ensureLedger, migrationTransaction, readLedgerRows } from './ledger.js';
import { releaseMigrationLock, takeMigrationLock } from './migration-lock.js';
import { type MysqlPoolConnection, type MysqlQueryable, codeOf, rowsOf } from './mysql-types.js';

export interface MariadbMigrationDriverOptions {
  /** How long to wait for another process's migration run, in seconds. Default 60. */
  readonly lockTimeoutSeconds?: number;
  /** Status only: never lock, create or write; a missing ledger or database reads as empty. */
  readonly readOnly?: boolean;
  /** `close()` ends the connection (the driver created it). Default `false`. */
  readonly ownsConnection?: boolean;
}

/**
 * The migration engine's driver for MariaDB and MySQL. A run holds `GET_LOCK` on one connection
 * and runs everything on it, re-reading each ledger row under the lock, so concurrent runs apply
 * each migration exactly once.
 *
 * DDL is not transactional here: CREATE, ALTER, DROP, RENAME and TRUNCATE commit at once, inside
 * `transaction()` too. A migration's ledger row is written right after its statements; when a
 * statement fails, the error says which of the earlier ones MariaDB has committed (see executor.ts).
 */
export class MariadbMigrationDriver implements ClosableMigrationDriver {
  readonly sqlDialect = 'mysql';
  readonly externalStatements = MARIADB_EXTERNAL_STATEMENTS;
  /** MariaDB commits each DDL statement at once, even inside a transaction. */
  readonly transactionalDdl = false;
  readonly #connection: MariadbConnection;
  readonly #lockTimeoutMs: number;
  readonly #readOnly: boolean;
  readonly #ownsConnection: boolean;
  /** The connection holding the lock, between acquireLock and releaseLock. */
  #lockConnection: MysqlPoolConnection | undefined;

  constructor(connection: MariadbConnection, options: MariadbMigrationDriverOptions = {}) {
    this.#connection = connection;
    this.#lockTimeoutMs = (options.lockTimeoutSeconds ?? 60) * 1000;
    this.#readOnly = options.readOnly ?? false;
    this.#ownsConnection = options.ownsConnection ?? false;
  }

  /** A driver on a pool of its own, for `infer migrate`. Connects on first use. */
  static open(config: MariadbConfig, options: { readOnly?: boolean } = {}): MariadbMigrationDriver {
    return new MariadbMigrationDriver(new MariadbConnection(config), {
      lockTimeoutSeconds: config.lock_timeout,
      readOnly: options.readOnly ?? false,
      ownsConnection: true,
    });
  }

  /**
   * There is no `ensureLedgerIn`: MariaDB commits DDL at once, so the ledger cannot be created in a
   * migration's transaction and rolled back with it; a run calls this just before its first migration.
   */
  async ensureLedger(): Promise<void> {
    this.#assertWritable();
    await ensureLedger(this.#session());
  }

  async readLedger(): Promise<LedgerRow[]> {
    try {
      return await readLedgerRows(this.#session());
    } catch (error) {
      if (codeOf(error) === 'ER_NO_SUCH_TABLE') return [];
      // Status of a database that does not exist yet: nothing is applied (and nothing is created).
      if (this.#readOnly && codeOf(error) === 'ER_BAD_DB_ERROR') return [];
      throw error;
    }
  }

  /** A transaction on the lock's connection; DDL in it commits at once all the same. */
  async transaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    this.#assertWritable();
    return this.#connection.transaction((connection) => work(migrationTransaction(connection)), this.#lockConnection);
  }

  async withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    this.#assertWritable();
    return work(migrationTransaction(this.#session()));
  }

  placeholder(): string {
    return '?';
  }

  quoteIdentifier(name: string): string {
    return `\`${name.replaceAll('`', '``')}\``;
  }

  async tableExists(name: string): Promise<boolean> {
    const sql = 'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?';
    return (await rowsOf(this.#session().query(sql, [name]))).length > 0;
  }

  /**
   * A throwaway database, `infer_lint_<pid>_<time>`, created on a connection of its own and dropped
   * afterwards. Not a rolled-back transaction, as in SQLite and PostgreSQL: DDL would commit out of
   * it. Needs the CREATE and DROP privileges on databases of that name.
   */
  async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.#connection.standalone();
    const database = `infer_lint_${process.pid}_${Date.now()}`;
    try {
      await connection.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      await connection.query(`USE ${database}`);
      return await work(executorOf(connection));
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
      await connection.end().catch(() => {});
    }
  }

  async acquireLock(): Promise<void> {
    this.#assertWritable();
    if (this.#lockConnection) return;
    const connection = await this.#connection.connect();
    try {
      await takeMigrationLock(connection, this.#connection.target, this.#lockTimeoutMs);
    } catch (error) {
      connection.release();
      throw error;
    }
    this.#lockConnection = connection;
  }

  async releaseLock(): Promise<void> {
    const connection = this.#lockConnection;
    if (!connection) return;
    this.#lockConnection = undefined;
    try {
      await releaseMigrationLock(connection, this.#connection.target);
      connection.release();
    } catch {
      // Closing the session releases its locks on the server.
      connection.destroy();
    }
  }

  async close(): Promise<void> {
    await this.releaseLock();
    if (this.#ownsConnection) await this.#connection.end();
  }

  #session(): MysqlQueryable {
    return this.#lockConnection ?? this.#connection;
  }

  #assertWritable(): void {
    if (this.#readOnly)
      throw new Error('this MariaDB migration driver is read-only (status): it cannot lock, create or migrate');
  }
}
