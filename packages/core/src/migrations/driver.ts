import type { ExternalStatementRule, SqlDialect } from '../sql/statement.js';
import type { LedgerRow } from './migration.js';

export type { ExternalStatementRule, SqlDialect };

/** The ledger row the engine asks a driver to write together with a migration. */
export interface LedgerRecord {
  readonly version: string;
  readonly description: string;
  readonly appliedAt: Date;
  /** Recorded when the migration has one (see `Migration.checksum`). */
  readonly checksum?: string;
}

/**
 * What the engine tells a driver about the migration a transaction (or a run outside one) applies
 * or reverts (contract 1.2). Every field is optional, and a driver may ignore what it cannot honour.
 */
export interface MigrationStepOptions {
  /** The migration, for the driver's own messages. */
  readonly migration?: { readonly version: string; readonly description: string };
  /** `Migration.statementTimeout`: cancel any statement of the migration that runs longer, in seconds. */
  readonly statementTimeoutSeconds?: number;
  /** Called by a driver that rolls the step back to run it again (a lock it could not get in time). */
  readonly onRetry?: (retry: StepRetry) => void;
}

/** A step rolled back to be run again from its start. */
export interface StepRetry {
  /** The attempt that failed, from 1, and how many there may be in all. */
  readonly attempt: number;
  readonly attempts: number;
  /** Why, completing "could not …": e.g. "get a lock within 5 s". */
  readonly reason: string;
  /** The pause before the next attempt. */
  readonly delayMs: number;
}

/** SQL statements, in the driver's dialect, on one connection. */
export interface SqlExecutor {
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one statement with parameters (placeholders from `MigrationDriver.placeholder`); its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs one statement with parameters; the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Optional: runs one statement once per parameter list, in order, stopping at the first failure;
   * the rows changed in all. A driver whose calls complete synchronously (SQLite) runs a whole batch
   * of a data migration without a promise per row; without it the engine calls `run` per row.
   */
  runBatch?(sql: string, paramsList: readonly (readonly unknown[])[]): Promise<number>;
}

/** An executor inside a migration's transaction (or its session), with the ledger operations. */
export interface MigrationTransaction extends SqlExecutor {
  /** Whether the version has a ledger row (another process may have written it since the engine read the ledger). */
  isRecorded(version: string): Promise<boolean>;
  record(record: LedgerRecord): Promise<void>;
  /** Deletes the version's ledger row (a migration reverted). */
  forget(version: string): Promise<void>;
  /** Replaces the stored checksum of an applied version (`infer migrate repair`). */
  setChecksum(version: string, checksum: string): Promise<void>;
}

/**
 * What the migration engine needs from a SQL backend. The engine is written once against this;
 * a driver holds only its dialect's details: connections, transactions, locking, the ledger's SQL.
 */
export interface MigrationDriver {
  /**
   * @deprecated Ignored since contract 1.1.0: hosts name the database by `BackendDescriptor.displayName`
   * (and `MigratorOptions.displayName`). A driver may still set it, for hosts of contract 1.0.
   */
  readonly dialect?: string;
  /** The SQL dialect, for splitting and checking migration text: `sqlite`, `postgres` or `mysql`. */
  readonly sqlDialect: SqlDialect;
  /**
   * `false` when the database commits DDL at once, even inside a transaction (MySQL, MariaDB): a
   * failed migration's schema changes then stay, and errors say so. Default: the capability's
   * default ({@link DEFAULT_CAPABILITIES}).
   */
  readonly transactionalDdl?: boolean;
  /**
   * Set when the driver, as configured, cannot run a migration outside a transaction (one with
   * `transaction: false`): why, and what to do, completing "opts out of a transaction, which ...".
   * A pending such migration is then a lint error, so a run refuses it before anything runs.
   * Default: absent (it can).
   */
  readonly outsideTransactionRefusal?: string;
  /**
   * The statements of this dialect that reach outside the database (SQLite's ATTACH, PostgreSQL's
   * COPY … TO a file, MySQL's LOAD DATA INFILE...), kept in one list per dialect. A migration with
   * one, up or down, is refused before anything runs unless it declares `external: true`, and
   * `infer migrate lint` never runs such a migration in its scratch space. Default: none.
   */
  readonly externalStatements?: readonly ExternalStatementRule[];
  /**
   * `true` when `acquireLock` keeps every other run out until `releaseLock` (a session lock held for
   * the whole run): the ledger read under the lock then stays true for the run, and the engine does
   * not re-read each migration's ledger row in its transaction. The ledger's primary key still
   * refuses a version recorded twice. Default `false`: each migration checks its row first.
   */
  readonly exclusiveRun?: boolean;

  /**
   * Creates `schema_migrations` (and its index) if missing, and adds the nullable `checksum`
   * column to a ledger that earlier releases created without it, in a transaction of its own.
   * A migration run uses `ensureLedgerIn` instead when the driver has it.
   */
  ensureLedger(): Promise<void>;

  /**
   * Optional: what `ensureLedger` does, inside `tx`, a transaction of this driver. A run calls it in
   * the first migration's transaction, so that a migration that fails leaves the ledger exactly as
   * it was (not created, no column added). Drivers whose DDL commits at once (MySQL, MariaDB) leave
   * it out: a run then calls `ensureLedger` just before the first migration's transaction.
   */
  ensureLedgerIn?(tx: MigrationTransaction): Promise<void>;

  /** Every ledger row; an empty list when the ledger does not exist. Never writes. */
  readLedger(): Promise<LedgerRow[]>;

  /** Taken before a run and released after it, in `finally`. */
  acquireLock(): Promise<void>;
  releaseLock(): Promise<void>;

  /**
   * Runs `work` in one transaction that holds the database's write lock for migrations; commits
   * when it resolves, rolls back when it throws (and rethrows). The engine passes `options` for a
   * migration's own step (contract 1.2; drivers of 1.1 ignore them). A driver may run `work` again
   * in a fresh transaction after a rollback (PostgreSQL does when a statement could not get a lock).
   */
  transaction<T>(work: (tx: MigrationTransaction) => Promise<T>, options?: MigrationStepOptions): Promise<T>;

  /** Runs `work` outside any transaction, for migrations that opted out of one; `options` as for `transaction`. */
  withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>, options?: MigrationStepOptions): Promise<T>;

  /** The parameter placeholder of position `index` (1-based): `?` or `$1`. */
  placeholder(index: number): string;
  /** An identifier quoted for the dialect: `"name"` or `` `name` ``. */
  quoteIdentifier(name: string): string;
  /** Whether a table exists (for `infer migrate baseline`). Never writes. */
  tableExists(name: string): Promise<boolean>;

  /**
   * Runs `work` in a throwaway space that starts without this database's objects and is discarded
   * afterwards (a scratch in-memory database, a schema in a rolled-back transaction). `infer migrate
   * lint` runs every migration there to have the database itself parse the SQL.
   */
  scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;

  /**
   * A consistent copy of the database beside it, before migrations change it; keeps the newest
   * `keep` copies. Returns its path, or `undefined` when there is nothing to copy yet. Optional:
   * file databases have it.
   */
  backup?(options: { readonly keep: number }): Promise<string | undefined>;
}
