import { DEFAULT_CAPABILITIES } from '../contract/capabilities.js';
import type { ClosableMigrationDriver } from '../contract/descriptor.js';
import type {
  ExternalStatementRule,
  MigrationStepOptions,
  MigrationTransaction,
  SqlDialect,
  SqlExecutor,
} from '../migrations/driver.js';
import type { LedgerRow } from '../migrations/migration.js';
import { ensureLedger, inspectLedger, ledgerTransaction, readLedger } from './ledger.js';
import { type ErrorMatch, type LedgerDialect, matchesError } from './ledger-dialect.js';

/** What a SQL dialect tells {@link SqlMigrationDriver} about itself. */
export interface SqlMigrationDriverOptions {
  /** The engine's name, in status headers and messages: `MariaDB`. */
  readonly displayName: string;
  /** The ledger's facts (and the SQL family): see `ledgerDialect`. */
  readonly ledger: LedgerDialect;
  /** `false` when DDL commits at once, even in a transaction (MySQL, MariaDB). Default: the capability's. */
  readonly transactionalDdl?: boolean;
  /** The dialect's statements that reach outside the database (see `MigrationDriver.externalStatements`). */
  readonly externalStatements?: readonly ExternalStatementRule[];
  /** The lock keeps every other run out from `acquireLock` to `releaseLock` (see `MigrationDriver.exclusiveRun`). */
  readonly exclusiveRun?: boolean;
  /** Status only: never lock, create or write; what a write would do throws. Default `false`. */
  readonly readOnly?: boolean;
  /** Errors meaning the database itself does not exist: read-only, its ledger reads as empty (nothing applied). */
  readonly absentDatabase?: ErrorMatch;
}

/** Identifier quoting by SQL family. */
const QUOTES: Readonly<Record<SqlDialect, string>> = { sqlite: '"', postgres: '"', mysql: '`' };

/** Whether a table exists, by SQL family; `$1` / `?` is the name. */
const TABLE_EXISTS: Readonly<Record<SqlDialect, string>> = {
  sqlite: "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
  postgres: 'SELECT 1 WHERE to_regclass($1) IS NOT NULL',
  mysql: 'SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
};

/**
 * The parts of a {@link ClosableMigrationDriver} that every SQL backend shares, written once: the
 * ledger (through the dialect's {@link LedgerDialect}), transactions and work outside them as
 * {@link MigrationTransaction}s, placeholders, quoting, `tableExists`, the read-only guard and
 * `close`. A dialect supplies its connection (`session`, `inTransaction`), its lock (`takeLock`,
 * `giveLockBack`; none by default) and `scratch`. For a pooled driver, see {@link PooledMigrationDriver}.
 *
 * @example
 * class DocstoreDriver extends SqlMigrationDriver {
 *   constructor(private readonly db: Database.Database) {
 *     super({ displayName: 'Docstore', ledger: ledgerDialect('sqlite') });
 *   }
 *   protected session() { return executorOf(this.db); }
 *   protected inTransaction<T>(work: (executor: SqlExecutor) => Promise<T>) { ... BEGIN IMMEDIATE ... }
 *   async scratch<T>(work: (executor: SqlExecutor) => Promise<T>) { ... }
 * }
 */
export abstract class SqlMigrationDriver implements ClosableMigrationDriver {
  readonly displayName: string;
  readonly sqlDialect: SqlDialect;
  readonly transactionalDdl: boolean;
  readonly externalStatements?: readonly ExternalStatementRule[];
  /** Present when DDL is transactional: the ledger is then prepared in the first migration's transaction. */
  readonly ensureLedgerIn?: (tx: MigrationTransaction) => Promise<void>;
  protected readonly ledger: LedgerDialect;
  protected readonly readOnly: boolean;
  readonly #absentDatabase: ErrorMatch | undefined;
  readonly #exclusiveRun: boolean | undefined;

  protected constructor(options: SqlMigrationDriverOptions) {
    this.displayName = options.displayName;
    this.ledger = options.ledger;
    this.sqlDialect = options.ledger.family;
    this.transactionalDdl = options.transactionalDdl ?? DEFAULT_CAPABILITIES.transactionalDdl;
    if (options.externalStatements) this.externalStatements = options.externalStatements;
    this.#exclusiveRun = options.exclusiveRun;
    if (this.transactionalDdl) this.ensureLedgerIn = (tx) => ensureLedger(tx, this.ledger);
    this.readOnly = options.readOnly ?? false;
    this.#absentDatabase = options.absentDatabase;
  }

  /** The option's value; a driver that learns how it locks only when it takes the lock overrides this getter. */
  get exclusiveRun(): boolean | undefined {
    return this.#exclusiveRun;
  }

  /** Statements outside a migration's transaction: on the connection holding the lock during a run, else any. */
  protected abstract session(): SqlExecutor;

  /**
   * Runs `work` in one transaction (on the lock's connection during a run): committed when it
   * resolves, rolled back when it throws, and the error rethrown. `options`: those of a migration's step.
   */
  protected abstract inTransaction<T>(
    work: (executor: SqlExecutor) => Promise<T>,
    options?: MigrationStepOptions,
  ): Promise<T>;

  abstract scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;

  /** Takes the migration lock; none by default (a database whose write lock keeps runs apart). */
  protected async takeLock(): Promise<void> {}

  /** Releases what {@link takeLock} took; never throws. */
  protected async giveLockBack(): Promise<void> {}

  /** Releases the driver's own resources (its pool, when it created one); called by {@link close}. */
  protected async onClose(): Promise<void> {}

  /** The executor plus the ledger's operations, as the engine gets it. */
  protected migrationTransaction(executor: SqlExecutor): MigrationTransaction {
    return ledgerTransaction(executor, this.ledger);
  }

  /**
   * Creates the ledger or adds its checksum column where missing: asks first, then writes in a
   * transaction of its own (on the session where DDL commits at once).
   */
  async ensureLedger(): Promise<void> {
    this.assertWritable();
    if (!this.transactionalDdl) return ensureLedger(this.session(), this.ledger);
    const found = await inspectLedger(this.session(), this.ledger);
    if (found.table && found.checksum) return;
    await this.inTransaction((executor) => ensureLedger(executor, this.ledger));
  }

  async readLedger(): Promise<LedgerRow[]> {
    try {
      return await readLedger(this.session(), this.ledger);
    } catch (error) {
      if (this.readOnly && matchesError(this.#absentDatabase, error)) return [];
      throw error;
    }
  }

  async acquireLock(): Promise<void> {
    this.assertWritable();
    await this.takeLock();
  }

  async releaseLock(): Promise<void> {
    await this.giveLockBack();
  }

  async transaction<T>(work: (tx: MigrationTransaction) => Promise<T>, options?: MigrationStepOptions): Promise<T> {
    this.assertWritable();
    return this.inTransaction((executor) => work(this.migrationTransaction(executor)), options);
  }

  async withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    this.assertWritable();
    return work(this.migrationTransaction(this.session()));
  }

  placeholder(index: number): string {
    return this.ledger.placeholder(index);
  }

  quoteIdentifier(name: string): string {
    const quote = QUOTES[this.sqlDialect];
    return `${quote}${name.replaceAll(quote, quote + quote)}${quote}`;
  }

  async tableExists(name: string): Promise<boolean> {
    return (await this.session().query(TABLE_EXISTS[this.sqlDialect], [name])).length > 0;
  }

  async close(): Promise<void> {
    await this.releaseLock();
    await this.onClose();
  }

  /** Throws when the driver is read-only (status); call it first in anything that writes or locks. */
  protected assertWritable(): void {
    if (this.readOnly) {
      throw new Error(
        `this ${this.displayName} migration driver is read-only (status): it cannot lock, create or migrate`,
      );
    }
  }
}
