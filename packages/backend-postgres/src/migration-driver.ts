import {
  type ClosableMigrationDriver,
  ConnectionError,
  type LedgerRow,
  type MigrationTransaction,
  type SqlExecutor,
  messageOf,
} from '@infer/core';
import { withSavepoints } from '@infer/core/kit';
import type { LockMode, PostgresConfig } from './config.js';
import { PostgresConnection } from './connection.js';
import { POSTGRES_EXTERNAL_STATEMENTS } from './external-statements.js';
import { executorOf } from './executor.js';
import { migrationTransaction, prepareLedger, readLedgerRows } from './ledger.js';
import { releaseMigrationLock, takeMigrationLock } from './migration-lock.js';
import type { PgPoolClient, PgQueryable, PgTarget } from './pg-types.js';

export interface PostgresMigrationDriverOptions {
  /** Default `session`; see `LOCK_MODES` in config.ts and the package README. */
  readonly lockMode?: LockMode;
  /** How long to wait for another process's migration run, in seconds. Default 60. */
  readonly lockTimeoutSeconds?: number;
  /** Status only: never create or write anything; a missing ledger or database reads as empty. */
  readonly readOnly?: boolean;
  /** `close()` ends the connection (the driver created it). Default `false`. */
  readonly ownsConnection?: boolean;
}

/**
 * The migration engine's driver for PostgreSQL. In `session` lock mode one connection takes
 * `pg_advisory_lock` and runs the whole run; in `transaction` mode every migration takes
 * `pg_advisory_xact_lock` inside its own transaction. Either way each migration re-reads its ledger
 * row under the lock and commits together with it, so concurrent runs apply it exactly once, and a
 * failure leaves nothing behind (DDL is transactional in PostgreSQL).
 */
export class PostgresMigrationDriver implements ClosableMigrationDriver {
  readonly sqlDialect = 'postgres';
  readonly externalStatements = POSTGRES_EXTERNAL_STATEMENTS;
  readonly #connection: PostgresConnection;
  readonly #lockMode: LockMode;
  readonly #lockTimeoutMs: number;
  readonly #readOnly: boolean;
  readonly #ownsConnection: boolean;
  /** The connection holding the session lock, between acquireLock and releaseLock. */
  #lockClient: PgPoolClient | undefined;

  /** `lock_mode: transaction`: the lock lives in each migration's transaction, so none may run outside one. */
  readonly outsideTransactionRefusal: string | undefined;
  /** `lock_mode: session`: the advisory lock is held from the ledger read to the end of the run. */
  readonly exclusiveRun: boolean;

  constructor(connection: PostgresConnection, options: PostgresMigrationDriverOptions = {}) {
    this.#connection = connection;
    this.#lockMode = options.lockMode ?? 'session';
    this.outsideTransactionRefusal =
      this.#lockMode === 'transaction'
        ? 'PostgreSQL cannot run with lock_mode "transaction": its migration lock lives in each migration\'s ' +
          'transaction, so nothing would keep other processes out; run it with lock_mode "session" on a direct ' +
          'connection (not through a transaction-mode pooler such as PgBouncer)'
        : undefined;
    this.exclusiveRun = this.#lockMode === 'session';
    this.#lockTimeoutMs = (options.lockTimeoutSeconds ?? 60) * 1000;
    this.#readOnly = options.readOnly ?? false;
    this.#ownsConnection = options.ownsConnection ?? false;
  }

  /** A driver on its own pool, for `infer migrate`. Connects on first use. */
  static open(config: PostgresConfig, options: { readOnly?: boolean } = {}): PostgresMigrationDriver {
    return new PostgresMigrationDriver(PostgresConnection.fromConfig(config), {
      lockMode: config.lock_mode,
      lockTimeoutSeconds: config.lock_timeout,
      readOnly: options.readOnly ?? false,
      ownsConnection: true,
    });
  }

  async ensureLedger(): Promise<void> {
    this.#assertWritable();
    await this.#inTransaction((client) => prepareLedger(executorOf(client)));
  }

  /** In a migration's transaction (which holds the lock): rolled back with it when it fails. */
  async ensureLedgerIn(tx: MigrationTransaction): Promise<void> {
    await prepareLedger(tx);
  }

  async readLedger(): Promise<LedgerRow[]> {
    try {
      return await readLedgerRows(this.#session());
    } catch (error) {
      // A database that does not exist fails (exit 4, "createdb ..."): calling it "pending" would
      // promise that `infer migrate` creates it, which it does not.
      if (codeOf(error) === '42P01') return [];
      throw error;
    }
  }

  async transaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    this.#assertWritable();
    return this.#inTransaction((client) => work(migrationTransaction(client)));
  }

  async withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    this.#assertWritable();
    if (this.#lockMode === 'transaction') {
      throw new Error(
        'a migration that runs outside a transaction cannot be kept from other processes with lock_mode ' +
          '"transaction"; run it once with lock_mode "session" on a direct connection (not through a ' +
          'transaction-mode pooler)',
      );
    }
    // Protected by the session lock only: a failure part-way is not rolled back (see Migration.transaction).
    return work(migrationTransaction(this.#session()));
  }

  placeholder(index: number): string {
    return `$${index}`;
  }

  quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`;
  }

  async tableExists(name: string): Promise<boolean> {
    const { rows } = await this.#session().query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [
      name,
    ]);
    return rows[0]!.exists;
  }

  /** A schema of its own, first on the search path, in a transaction that is always rolled back. */
  async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.#connection.connect();
    try {
      await client.query('BEGIN');
      const schema = `infer_lint_${process.pid}_${Date.now()}`;
      await client.query(`CREATE SCHEMA ${schema}`).catch((error: unknown) => {
        throw scratchRefused(error, this.#connection.target);
      });
      await client.query(`SET LOCAL search_path TO ${schema}, public`);
      return await work(withSavepoints(executorOf(client)));
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
  }

  async acquireLock(): Promise<void> {
    this.#assertWritable();
    if (this.#lockMode !== 'session' || this.#lockClient) return;
    const client = await this.#connection.connect();
    try {
      // Inside a transaction only so that the wait limit is set for this one statement; the session
      // lock itself outlives the commit and stays with this connection until releaseLock.
      await this.#connection.transaction(
        (c) => takeMigrationLock(c, 'pg_advisory_lock', this.#lockTimeoutMs, this.#connection.target),
        client,
      );
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.#lockClient = client;
  }

  async releaseLock(): Promise<void> {
    const client = this.#lockClient;
    if (!client) return;
    this.#lockClient = undefined;
    try {
      await releaseMigrationLock(client);
      client.release();
    } catch {
      // Closing the connection releases its session locks on the server.
      client.release(true);
    }
  }

  async close(): Promise<void> {
    await this.releaseLock();
    if (this.#ownsConnection) await this.#connection.end();
  }

  /** A transaction on the lock's connection (session mode) or on a pooled one that takes the transaction lock. */
  #inTransaction<T>(work: (client: PgPoolClient) => Promise<T>): Promise<T> {
    if (this.#lockMode === 'session') return this.#connection.transaction(work, this.#lockClient);
    return this.#connection.transaction(async (client) => {
      await takeMigrationLock(client, 'pg_advisory_xact_lock', this.#lockTimeoutMs, this.#connection.target);
      return work(client);
    });
  }

  #session(): PgQueryable {
    return this.#lockClient ?? this.#connection;
  }

  #assertWritable(): void {
    if (this.#readOnly)
      throw new Error('this PostgreSQL migration driver is read-only (status): it cannot lock, create or migrate');
  }
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** A user who may not create the lint's schema: what to grant, and that migrating does not need it. */
function scratchRefused(error: unknown, { host, port, database, user }: PgTarget): unknown {
  if (codeOf(error) !== '42501') return error;
  return new ConnectionError(
    `cannot lint in PostgreSQL database "${database}" at ${host}:${port}: user "${user}" may not create a ` +
      `schema there (${messageOf(error)})`,
    {
      hint:
        'lint runs every migration in a schema of its own that it rolls back: GRANT CREATE ON DATABASE ' +
        `${database} TO ${user}, or lint against a copy; "infer migrate" does not need it`,
      cause: error,
    },
  );
}
