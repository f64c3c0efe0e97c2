import type { SqlExecutor } from '@infer/core';
import {
  MigrationLockTimeoutError,
  type MysqlLockHolder,
  PooledMigrationDriver,
  ledgerDialect,
  mysqlScratch,
  releaseMysqlLock,
  takeMysqlLock,
} from '@infer/core/kit';
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { MariadbConfig } from './config.js';
import { MariadbConnection } from './connection.js';
import { MARIADB_EXTERNAL_STATEMENTS } from './external-statements.js';
import { mariadbIdentity } from './descriptor.js';

/** The migration lock stayed taken for the whole `lock_timeout`; the message names who holds it. */
export class MariadbLockTimeoutError extends MigrationLockTimeoutError<MysqlLockHolder> {}

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
 * each migration exactly once. DDL commits at once, inside `transaction()` too: a failing
 * statement's error says which earlier ones stay, and a run prepares the ledger before its first
 * migration rather than in it.
 */
export class MariadbMigrationDriver extends PooledMigrationDriver<Pool, PoolConnection> {
  readonly #connection: MariadbConnection;
  readonly #lockTimeoutMs: number;

  constructor(connection: MariadbConnection, options: MariadbMigrationDriverOptions = {}) {
    super(connection, {
      displayName: mariadbIdentity.displayName,
      ledger: ledgerDialect('mysql'),
      transactionalDdl: mariadbIdentity.capabilities.transactionalDdl,
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
  static open(config: MariadbConfig, { readOnly = false } = {}): MariadbMigrationDriver {
    const options = { lockTimeoutSeconds: config.lock_timeout, readOnly, ownsConnection: true };
    return new MariadbMigrationDriver(new MariadbConnection(config), options);
  }

  protected lock(executor: SqlExecutor): Promise<void> {
    const { target } = this.#connection;
    const options = { engine: 'MariaDB', type: 'mariadb', target, timeoutMs: this.#lockTimeoutMs };
    return takeMysqlLock(executor, { ...options, error: MariadbLockTimeoutError });
  }

  protected unlock(executor: SqlExecutor): Promise<void> {
    return releaseMysqlLock(executor, this.#connection.target.database);
  }

  async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return mysqlScratch(await this.#connection.standalone(), work);
  }
}
