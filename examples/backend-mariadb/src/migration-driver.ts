import type { SqlExecutor } from '@infer/core';
import { PooledMigrationDriver, ledgerDialect } from '@infer/core/kit';
import type { MariadbConfig } from './config.js';
import { MariadbConnection } from './connection.js';
import { MARIADB_EXTERNAL_STATEMENTS } from './external-statements.js';
import { releaseMigrationLock, takeMigrationLock } from './migration-lock.js';
import { type MysqlClient, type MysqlPool, mysqlExecutor } from './mysql-types.js';

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
 * statement fails, the error says which of the earlier ones MariaDB has committed. So there is no
 * `ensureLedgerIn`: a run prepares the ledger just before its first migration.
 */
export class MariadbMigrationDriver extends PooledMigrationDriver<MysqlPool, MysqlClient> {
  readonly #connection: MariadbConnection;
  readonly #lockTimeoutMs: number;

  constructor(connection: MariadbConnection, options: MariadbMigrationDriverOptions = {}) {
    super(connection, {
      displayName: 'MariaDB',
      ledger: ledgerDialect('mysql'),
      transactionalDdl: false,
      externalStatements: MARIADB_EXTERNAL_STATEMENTS,
      readOnly: options.readOnly ?? false,
      // Status of a database that does not exist yet: nothing is applied (and nothing is created).
      absentDatabase: ['ER_BAD_DB_ERROR'],
      ownsPool: options.ownsConnection ?? false,
    });
    this.#connection = connection;
    this.#lockTimeoutMs = (options.lockTimeoutSeconds ?? 60) * 1000;
  }

  /** A driver on a pool of its own, for `infer migrate`. Connects on first use. */
  static open(config: MariadbConfig, options: { readOnly?: boolean } = {}): MariadbMigrationDriver {
    const { readOnly = false } = options;
    return new MariadbMigrationDriver(new MariadbConnection(config), {
      lockTimeoutSeconds: config.lock_timeout,
      readOnly,
      ownsConnection: true,
    });
  }

  protected lock(executor: SqlExecutor): Promise<void> {
    return takeMigrationLock(executor, this.#connection.target, this.#lockTimeoutMs);
  }

  protected unlock(executor: SqlExecutor): Promise<void> {
    return releaseMigrationLock(executor, this.#connection.target);
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
      return await work(mysqlExecutor(connection));
    } finally {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
      await connection.end().catch(() => {});
    }
  }
}
