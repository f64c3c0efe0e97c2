import type { MigrationStepOptions, SqlExecutor } from '../migrations/driver.js';
import { SqlMigrationDriver, type SqlMigrationDriverOptions } from './migration-driver.js';
import type { ConnectionPool } from './pool.js';

export interface PooledMigrationDriverOptions extends SqlMigrationDriverOptions {
  /** `close()` ends the pool (the driver created it, for `infer migrate`). Default `false`. */
  readonly ownsPool?: boolean;
}

/**
 * A {@link SqlMigrationDriver} over a {@link ConnectionPool} whose migration lock is a session lock
 * (MariaDB's `GET_LOCK`, PostgreSQL's `pg_advisory_lock`): `acquireLock` checks a connection out,
 * takes the lock on it, and the whole run (ledger reads, transactions, work outside them) uses that
 * connection until `releaseLock` gives the lock and the connection back. A dialect supplies `lock`,
 * `unlock` and `scratch`.
 *
 * @example
 * class MyDriver extends PooledMigrationDriver<Pool, Client> {
 *   constructor(pool: ConnectionPool<Pool, Client>) {
 *     super(pool, { displayName: 'MySQL', ledger: ledgerDialect('mysql'), transactionalDdl: false });
 *   }
 *   protected async lock(executor: SqlExecutor) { await executor.query("SELECT GET_LOCK('migrations', 60)"); }
 *   protected async unlock(executor: SqlExecutor) { await executor.query("SELECT RELEASE_LOCK('migrations')"); }
 *   async scratch<T>(work: (executor: SqlExecutor) => Promise<T>) { ... }
 * }
 */
export abstract class PooledMigrationDriver<Pool, Client> extends SqlMigrationDriver {
  protected readonly pool: ConnectionPool<Pool, Client>;
  readonly #ownsPool: boolean;
  /** The connection holding the lock, between acquireLock and releaseLock. */
  #lockClient: Client | undefined;

  protected constructor(pool: ConnectionPool<Pool, Client>, options: PooledMigrationDriverOptions) {
    super(options);
    this.pool = pool;
    this.#ownsPool = options.ownsPool ?? false;
  }

  /** Takes the lock on `executor`, a connection of its own (`client`), waiting at most the configured time. */
  protected abstract lock(executor: SqlExecutor, client: Client): Promise<void>;

  /** Releases the lock on the connection that took it. */
  protected abstract unlock(executor: SqlExecutor, client: Client): Promise<void>;

  /** Optional: a script opening a transaction with settings local to it (`ConnectionPool.transaction`'s `begin`). */
  protected beginStatement?(options?: MigrationStepOptions): string;

  /** The connection holding the lock during a run, else the pool. */
  protected session(): SqlExecutor {
    return this.#lockClient === undefined ? this.pool : this.pool.executor(this.#lockClient);
  }

  protected inTransaction<T>(work: (executor: SqlExecutor) => Promise<T>, options?: MigrationStepOptions): Promise<T> {
    return this.pool.transaction(work, this.#lockClient, this.beginStatement?.(options));
  }

  protected override async takeLock(): Promise<void> {
    if (this.#lockClient !== undefined) return;
    const client = await this.pool.acquire();
    try {
      await this.lock(this.pool.executor(client), client);
    } catch (error) {
      this.pool.release(client, true);
      throw error;
    }
    this.#lockClient = client;
  }

  protected override async giveLockBack(): Promise<void> {
    const client = this.#lockClient;
    if (client === undefined) return;
    this.#lockClient = undefined;
    try {
      await this.unlock(this.pool.executor(client), client);
      this.pool.release(client);
    } catch {
      // Closing the session releases its locks on the server.
      this.pool.release(client, true);
    }
  }

  protected override async onClose(): Promise<void> {
    if (this.#ownsPool) await this.pool.end();
  }
}
