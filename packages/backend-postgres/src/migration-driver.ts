import {
  ConnectionError,
  type MigrationStepOptions,
  type MigrationTransaction,
  type SqlExecutor,
  messageOf,
} from '@infer/core';
import { PooledMigrationDriver, codeOf, ledgerDialect, withSavepoints } from '@infer/core/kit';
import type { LockMode, PostgresConfig } from './config.js';
import { PostgresConnection, executorOf } from './connection.js';
import { POSTGRES_EXTERNAL_STATEMENTS } from './external-statements.js';
import {
  type LockFunction,
  MIGRATION_LOCK_KEY,
  beginForLock,
  releaseMigrationLock,
  takeMigrationLock,
  takeTransactionLock,
} from './migration-lock.js';
import { type LockWaitSettings, MigrationLockWaits } from './lock-waits.js';
import type { PgPool, PgPoolClient, PgTarget } from './pg-types.js';
import { type LockFit, type RunLockMode, assertLockHeldHere, fittingLockMode } from './pooler.js';
import { postgresIdentity } from './identity.js';

export interface PostgresMigrationDriverOptions {
  /** Default `auto`; see `LOCK_MODES` in config.ts and the package README. */
  readonly lockMode?: LockMode;
  /** How long to wait for another process's migration run, in seconds. Default 60. */
  readonly lockTimeoutSeconds?: number;
  /** How long a migration's statement may wait for a table's lock, and how often it is retried. Default 5 s, 5. */
  readonly lockWaits?: Partial<LockWaitSettings>;
  /** Status only: never create or write anything; a missing ledger reads as empty. */
  readonly readOnly?: boolean;
  /** `close()` ends the connection (the driver created it). Default `false`. */
  readonly ownsConnection?: boolean;
}

/**
 * The migration engine's driver for PostgreSQL. In `session` lock mode one connection takes
 * `pg_advisory_lock` and runs the whole run; in `transaction` mode every migration takes
 * `pg_advisory_xact_lock` inside its own transaction; `auto` picks one of them before the first lock
 * by what sits in front of PostgreSQL (pooler.ts). Either way each migration re-reads its ledger
 * row under the lock and commits together with it, so concurrent runs apply it exactly once, and a
 * failure leaves nothing behind (DDL is transactional in PostgreSQL). A database that does not
 * exist fails (exit 4, "createdb ..."), in status too: "pending" would promise that
 * `infer migrate` creates it, which it does not.
 */
export class PostgresMigrationDriver extends PooledMigrationDriver<PgPool, PgPoolClient> {
  readonly #connection: PostgresConnection;
  readonly #target: PgTarget;
  readonly #setting: LockMode;
  /** How runs lock: the setting's mode, or for `auto` what the probe found. */
  #lockMode: RunLockMode;
  /** What `auto` and `session` learn before their first lock (see pooler.ts). */
  #fit: LockFit | undefined;
  readonly #lockTimeoutMs: number;
  readonly #lockWaits: MigrationLockWaits;

  constructor(connection: PostgresConnection, options: PostgresMigrationDriverOptions = {}) {
    const setting = options.lockMode ?? 'auto';
    super(connection, {
      displayName: postgresIdentity.displayName,
      ledger: ledgerDialect('postgres'),
      externalStatements: POSTGRES_EXTERNAL_STATEMENTS,
      readOnly: options.readOnly ?? false,
      ownsPool: options.ownsConnection ?? false,
    });
    this.#connection = connection;
    this.#target = connection.target;
    this.#setting = setting;
    this.#lockMode = setting === 'transaction' ? 'transaction' : 'session';
    this.#lockTimeoutMs = (options.lockTimeoutSeconds ?? 60) * 1000;
    const { lockTimeoutSeconds = 5, retries = 5 } = options.lockWaits ?? {};
    this.#lockWaits = new MigrationLockWaits({ lockTimeoutSeconds, retries }, this.pool, this.#target);
  }

  /** The session lock is held from the ledger read to the end of the run. */
  override get exclusiveRun(): boolean {
    return this.#lockMode === 'session';
  }

  /** With the transaction lock, the lock lives in each migration's transaction, so none may run outside one. */
  get outsideTransactionRefusal(): string | undefined {
    if (this.#lockMode === 'session') return undefined;
    return (
      'PostgreSQL cannot run with lock_mode "transaction" (set, or chosen by auto behind a pooler): its ' +
      "migration lock lives in each migration's transaction, so nothing would keep other processes out; run " +
      'it with lock_mode "session" on a direct connection (not through a transaction-mode pooler such as PgBouncer)'
    );
  }

  /** A driver on its own pool, for `infer migrate`. Connects on first use. */
  static open(config: PostgresConfig, { readOnly = false } = {}): PostgresMigrationDriver {
    return new PostgresMigrationDriver(PostgresConnection.fromConfig(config), {
      lockMode: config.lock_mode,
      lockTimeoutSeconds: config.lock_timeout,
      lockWaits: lockWaitsOf(config),
      readOnly,
      ownsConnection: true,
    });
  }

  /** Inside a transaction only so that the wait limit is set for this one statement; the session lock outlives it. */
  protected lock(_executor: SqlExecutor, client: PgPoolClient): Promise<void> {
    return this.pool.transaction((executor) => this.#take(executor, 'pg_advisory_lock'), client);
  }

  protected unlock(executor: SqlExecutor): Promise<void> {
    return releaseMigrationLock(executor);
  }

  /**
   * `lock_mode: transaction` holds no lock between migrations: each transaction takes its own. `auto`
   * and `session` first learn what sits in front of PostgreSQL (pooler.ts); a session lock taken
   * through a pooler is then checked to be held where the migrations will run.
   */
  protected override async takeLock(): Promise<void> {
    if (this.#setting !== 'transaction') this.#fit ??= await this.#probe(this.#setting);
    if (this.#lockMode !== 'session') return;
    await super.takeLock();
    if (this.#fit?.pooled) await this.#checkHolder();
  }

  /** With the transaction lock, BEGIN sets the wait for it, and the lock's statement the migration's limits. */
  protected override beginStatement(options?: MigrationStepOptions): string {
    return this.#lockMode === 'transaction' ? beginForLock(this.#lockTimeoutMs) : this.#lockWaits.begin(options);
  }

  /** Run again from its start while a statement times out waiting for a lock (see MigrationLockWaits). */
  protected override inTransaction<T>(
    work: (executor: SqlExecutor) => Promise<T>,
    options?: MigrationStepOptions,
  ): Promise<T> {
    return this.#lockWaits.run(options, (guard) =>
      super.inTransaction(async (executor) => {
        if (this.#lockMode === 'transaction') {
          await takeTransactionLock(executor, this.#lockTimeoutMs, this.#target, this.#lockWaits.limits(options));
        }
        return guard(executor, () => work(executor));
      }, options),
    );
  }

  /**
   * Protected by the session lock only: a failure part-way is not rolled back (see Migration.transaction),
   * so a statement that times out waiting for a lock is not retried.
   */
  override async withoutTransaction<T>(
    work: (tx: MigrationTransaction) => Promise<T>,
    options?: MigrationStepOptions,
  ): Promise<T> {
    this.assertWritable();
    if (this.#lockMode === 'transaction') {
      throw new Error(
        'a migration that runs outside a transaction cannot be kept from other processes with lock_mode ' +
          '"transaction"; run it once with lock_mode "session" on a direct connection (not through a ' +
          'transaction-mode pooler)',
      );
    }
    return this.#lockWaits.outsideTransaction(this.session(), options, () => super.withoutTransaction(work));
  }

  /** A schema of its own, first on the search path, in a transaction that is always rolled back. */
  async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.acquire();
    try {
      await client.query('BEGIN');
      const schema = `infer_lint_${process.pid}_${Date.now()}`;
      await client.query(`CREATE SCHEMA ${schema}`).catch((error: unknown) => {
        throw scratchRefused(error, this.#target);
      });
      await client.query(`SET LOCAL search_path TO ${schema}, public`);
      return await work(withSavepoints(executorOf(client)));
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      this.pool.release(client);
    }
  }

  /** What sits in front of PostgreSQL decides how to lock, learnt once, before any lock is taken. */
  async #probe(setting: 'auto' | 'session'): Promise<LockFit> {
    const client = await this.pool.acquire();
    const fit = await fittingLockMode(setting, client, this.#connection, this.#target).catch((error: unknown) => {
      this.pool.release(client, true);
      throw error;
    });
    this.pool.release(client);
    this.#lockMode = fit.mode;
    return fit;
  }

  /** A session lock taken through a pooler: its holder must be the connection that runs the migrations. */
  async #checkHolder(): Promise<void> {
    try {
      await assertLockHeldHere(this.session(), MIGRATION_LOCK_KEY, this.#target);
    } catch (error) {
      await this.giveLockBack();
      throw error;
    }
  }

  #take(executor: SqlExecutor, lock: LockFunction): Promise<void> {
    return takeMigrationLock(executor, lock, this.#lockTimeoutMs, this.#target);
  }
}

/** `migration_lock_timeout` and `migration_lock_retries` of a configuration. */
export function lockWaitsOf(config: PostgresConfig): LockWaitSettings {
  return { lockTimeoutSeconds: config.migration_lock_timeout, retries: config.migration_lock_retries };
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
