import { describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../src/index.js';
import {
  LEDGER_TABLE,
  createLedgerStatements,
  ensureLedger,
  ledgerDialect,
  ledgerTransaction,
  readLedger,
} from '../src/kit/index.js';

/** An executor that records every statement and answers queries with `answer`. */
function recording(answer: (sql: string) => unknown[] | Error = () => []) {
  const statements: [string, (readonly unknown[])?][] = [];
  const reply = async (sql: string, params?: readonly unknown[]) => {
    statements.push(params === undefined ? [sql] : [sql, params]);
    const result = answer(sql);
    if (result instanceof Error) throw result;
    return result;
  };
  const executor: SqlExecutor = {
    exec: async (sql) => void (await reply(sql)),
    query: async <Row>(sql: string, params?: readonly unknown[]) => (await reply(sql, params)) as Row[],
    run: async (sql, params) => (await reply(sql, params)).length,
  };
  return { executor, statements, sql: () => statements.map(([sql]) => sql) };
}

const state = (table: boolean, checksum: boolean) => (sql: string) =>
  sql.startsWith('SELECT') && sql.includes('has_table') ? [{ has_table: table, has_checksum: checksum }] : [];

describe('the ledger, written once for every SQL family', () => {
  it('creates what earlier releases created, to the byte (SQLite keeps the text), then adds the checksum', () => {
    expect(createLedgerStatements(ledgerDialect('sqlite'))).toEqual([
      'CREATE TABLE IF NOT EXISTS schema_migrations (\n    version VARCHAR(255) PRIMARY KEY,\n    description ' +
        'TEXT NOT NULL,\n    applied_at DATETIME NOT NULL\n  )',
      'CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version)',
    ]);
    expect(createLedgerStatements(ledgerDialect('postgres'))).toEqual([
      'CREATE TABLE IF NOT EXISTS schema_migrations (\n    version VARCHAR(255) PRIMARY KEY,\n    description ' +
        'TEXT NOT NULL,\n    applied_at TIMESTAMP WITH TIME ZONE NOT NULL\n  )',
      'CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version)',
    ]);
    expect(createLedgerStatements(ledgerDialect('mysql'))).toEqual([
      'CREATE TABLE IF NOT EXISTS schema_migrations (\n    version VARCHAR(255) PRIMARY KEY,\n    description ' +
        'TEXT NOT NULL,\n    applied_at DATETIME(6) NOT NULL,\n    KEY idx_schema_migrations_version (version)\n  ) ' +
        'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
    ]);
  });

  it('ensure: creates a missing ledger and adds the column; leaves a complete one alone', async () => {
    const fresh = recording(state(false, false));
    await ensureLedger(fresh.executor, ledgerDialect('sqlite'));
    expect(fresh.sql().slice(1)).toEqual([
      ...createLedgerStatements(ledgerDialect('sqlite')),
      'ALTER TABLE schema_migrations ADD COLUMN checksum VARCHAR(64)',
    ]);

    const old = recording(state(true, false));
    await ensureLedger(old.executor, ledgerDialect('postgres'));
    expect(old.sql().slice(1)).toEqual(['ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum VARCHAR(64)']);

    const complete = recording(state(true, true));
    await ensureLedger(complete.executor, ledgerDialect('mysql'));
    expect(complete.sql()).toHaveLength(1);
  });

  it('ensure: tolerates a concurrent run that added the column first, and nothing else', async () => {
    const duplicate = Object.assign(new Error("Duplicate column name 'checksum'"), { code: 'ER_DUP_FIELDNAME' });
    const raced = recording((sql) => (sql.startsWith('ALTER') ? duplicate : state(true, false)(sql)));
    await expect(ensureLedger(raced.executor, ledgerDialect('mysql'))).resolves.toBeUndefined();

    const denied = Object.assign(new Error('ALTER command denied'), { code: 'ER_TABLEACCESS_DENIED_ERROR' });
    const refused = recording((sql) => (sql.startsWith('ALTER') ? denied : state(true, false)(sql)));
    await expect(ensureLedger(refused.executor, ledgerDialect('mysql'))).rejects.toBe(denied);

    const sqliteDuplicate = new Error('duplicate column name: checksum');
    const sqlite = recording((sql) => (sql.startsWith('ALTER') ? sqliteDuplicate : state(true, false)(sql)));
    await expect(ensureLedger(sqlite.executor, ledgerDialect('sqlite'))).resolves.toBeUndefined();
  });

  it('read: every row with its checksum when it has one; a missing ledger is empty, other errors are not', async () => {
    const rows = [
      { version: '001', description: 'Initial', applied_at: '2025-12-19 18:23:19.123456789+00:00' },
      { version: 2, description: 'Second', applied_at: '2025-12-20T09:00:00.000Z', checksum: 'abc' },
      { version: '003', description: 'Third', applied_at: '2025-12-21T10:00:00.000Z', checksum: null },
    ];
    const { executor, sql } = recording(() => rows);
    expect(await readLedger(executor, ledgerDialect('sqlite'))).toEqual([
      { version: '001', description: 'Initial', appliedAt: '2025-12-19 18:23:19.123456789+00:00' },
      { version: '2', description: 'Second', appliedAt: '2025-12-20T09:00:00.000Z', checksum: 'abc' },
      { version: '003', description: 'Third', appliedAt: '2025-12-21T10:00:00.000Z' },
    ]);
    expect(sql()).toEqual([`SELECT * FROM ${LEDGER_TABLE}`]);

    const missing = (error: Error) => recording(() => error).executor;
    const noTable = Object.assign(new Error('relation "schema_migrations" does not exist'), { code: '42P01' });
    expect(await readLedger(missing(noTable), ledgerDialect('postgres'))).toEqual([]);
    expect(await readLedger(missing(new Error('no such table: schema_migrations')), ledgerDialect('sqlite'))).toEqual(
      [],
    );
    const other = Object.assign(new Error('permission denied'), { code: '42501' });
    await expect(readLedger(missing(other), ledgerDialect('postgres'))).rejects.toBe(other);
  });

  it("converts applied_at as each driver takes and returns it: MySQL's UTC DATETIME text, a Date", async () => {
    const mysql = ledgerDialect('mysql');
    const at = new Date('2025-12-19T16:25:00.123Z');
    expect(mysql.toAppliedAt(at)).toBe('2025-12-19 16:25:00.123');
    expect(mysql.fromAppliedAt('2025-12-19 16:25:00.123000')).toBe('2025-12-19T16:25:00.123Z');
    expect(mysql.fromAppliedAt(at)).toBe('2025-12-19T16:25:00.123Z');
    expect(ledgerDialect('postgres').toAppliedAt(at)).toBe(at);
    expect(ledgerDialect('postgres').fromAppliedAt(at)).toBe('2025-12-19T16:25:00.123Z');
    expect(ledgerDialect('sqlite').toAppliedAt(at)).toBe('2025-12-19T16:25:00.123Z');
    expect(ledgerDialect('sqlite', { toAppliedAt: (d) => d.getTime() }).toAppliedAt(at)).toBe(at.getTime());
  });

  it('records, checks, forgets and repairs rows with the dialect placeholders', async () => {
    const { executor, statements } = recording((sql) => (sql.startsWith('SELECT 1') ? [{ one: 1 }] : []));
    const tx = ledgerTransaction(executor, ledgerDialect('postgres'));
    const at = new Date('2025-12-19T16:25:00Z');
    expect(await tx.isRecorded('001')).toBe(true);
    await tx.record({ version: '002', description: 'Two', appliedAt: at });
    await tx.forget('002');
    await tx.setChecksum('001', 'abc');
    await tx.exec('CREATE TABLE t (a INT)');
    expect(statements).toEqual([
      ['SELECT 1 FROM schema_migrations WHERE version = $1', ['001']],
      [
        'INSERT INTO schema_migrations (version, description, applied_at, checksum) VALUES ($1, $2, $3, $4)',
        ['002', 'Two', at, null],
      ],
      ['DELETE FROM schema_migrations WHERE version = $1', ['002']],
      ['UPDATE schema_migrations SET checksum = $1 WHERE version = $2', ['abc', '001']],
      ['CREATE TABLE t (a INT)'],
    ]);
    expect(ledgerTransaction(executor, ledgerDialect('mysql')).runBatch).toBeUndefined();
    const batching = { ...executor, runBatch: async () => 7 };
    expect(await ledgerTransaction(batching, ledgerDialect('sqlite')).runBatch?.('UPDATE t SET a = ?', [[1]])).toBe(7);
  });
});
