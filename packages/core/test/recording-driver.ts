import {
  type LedgerRow,
  type Migration,
  type MigrationDriver,
  type MigrationTransaction,
  migrationChecksum,
} from '../src/index.js';

/** An in-process driver that records every call, to check the engine's protocol. */
export class RecordingDriver implements MigrationDriver {
  readonly sqlDialect = 'sqlite';
  readonly calls: string[] = [];
  ledger: LedgerRow[] = [];
  outsideTransactionRefusal: string | undefined;
  exclusiveRun: boolean | undefined;
  /** How many times a migration's ledger row was checked in its transaction. */
  rowChecks = 0;
  /** What a ledger write (record or forget) throws, when set. */
  ledgerFailure: Error | undefined;
  /** What executing `failOn` throws. */
  failure: () => Error = () => new Error('boom');
  constructor(
    readonly failOn?: string,
    readonly appliedElsewhere: string[] = [],
  ) {}
  async ensureLedger() {
    this.calls.push('ensureLedger');
  }
  async readLedger() {
    this.calls.push('readLedger');
    return [...this.ledger];
  }
  async acquireLock() {
    this.calls.push('lock');
  }
  async releaseLock() {
    this.calls.push('unlock');
  }
  async transaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    const before = [...this.ledger];
    try {
      return await work(this.#tx());
    } catch (error) {
      this.ledger = before;
      this.calls.push('rollback');
      throw error;
    }
  }
  withoutTransaction<T>(work: (tx: MigrationTransaction) => Promise<T>): Promise<T> {
    return work(this.#tx());
  }
  placeholder() {
    return '?';
  }
  quoteIdentifier(name: string) {
    return `"${name}"`;
  }
  async tableExists(_table: string) {
    return true;
  }
  async scratch<T>(): Promise<T> {
    throw new Error('not used here');
  }
  #tx(): MigrationTransaction {
    return {
      exec: async (sql) => {
        this.calls.push(`exec ${sql}`);
        if (sql === this.failOn) throw this.failure();
      },
      query: async () => [],
      run: async () => 0,
      isRecorded: async (version) => {
        this.rowChecks += 1;
        return this.appliedElsewhere.includes(version) || this.ledger.some((row) => row.version === version);
      },
      record: async (record) => {
        if (this.ledgerFailure) throw this.ledgerFailure;
        this.ledger.push({
          version: record.version,
          description: record.description,
          appliedAt: 'now',
          ...(record.checksum ? { checksum: record.checksum } : {}),
        });
      },
      forget: async (version) => {
        if (this.ledgerFailure) throw this.ledgerFailure;
        this.calls.push(`forget ${version}`);
        this.ledger = this.ledger.filter((row) => row.version !== version);
      },
      setChecksum: async (version, checksum) => {
        this.calls.push(`setChecksum ${version}`);
        this.ledger = this.ledger.map((row) => (row.version === version ? { ...row, checksum } : row));
      },
    };
  }
}

export const migrations: Migration[] = [
  { version: '003', description: 'Third', up: 'c', down: 'undo c' },
  { version: '001', description: 'First', up: 'a', down: 'undo a' },
  { version: '002', description: 'Second', up: 'b', down: 'undo b' },
];
export const row = (m: Migration): LedgerRow => ({
  version: m.version,
  description: m.description,
  appliedAt: 't',
  checksum: migrationChecksum(m)!,
});
export const [third, first, second] = migrations as [Migration, Migration, Migration];
