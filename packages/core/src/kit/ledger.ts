import type { LedgerRecord, MigrationTransaction, SqlExecutor } from '../migrations/driver.js';
import type { LedgerRow } from '../migrations/migration.js';
import { LEDGER_TABLE, type LedgerDialect, matchesError } from './ledger-dialect.js';

/**
 * The statements that create the ledger exactly as earlier releases did: three columns and an
 * index on `version` (SQLite keeps this text in its schema, so its spacing matters too). The
 * checksum column is added after, as it is to their ledgers, so new and upgraded ledgers are alike.
 */
export function createLedgerStatements(dialect: LedgerDialect): string[] {
  const { types } = dialect;
  const index = 'idx_schema_migrations_version';
  const columns = [
    `version ${types.version} PRIMARY KEY`,
    `description ${types.description} NOT NULL`,
    `applied_at ${types.appliedAt} NOT NULL`,
    ...(dialect.inlineIndex ? [`KEY ${index} (version)`] : []),
  ];
  const options = dialect.tableOptions ? ` ${dialect.tableOptions}` : '';
  const table = `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (\n    ${columns.join(',\n    ')}\n  )${options}`;
  return dialect.inlineIndex ? [table] : [table, `CREATE INDEX IF NOT EXISTS ${index} ON ${LEDGER_TABLE}(version)`];
}

/** Whether the ledger and its checksum column exist. Never writes. */
export async function inspectLedger(
  executor: SqlExecutor,
  dialect: LedgerDialect,
): Promise<{ readonly table: boolean; readonly checksum: boolean }> {
  const [row] = await executor.query<{ has_table: unknown; has_checksum: unknown }>(dialect.inspect);
  return { table: truthy(row?.has_table), checksum: truthy(row?.has_checksum) };
}

/**
 * Creates the ledger where it is missing and adds the nullable `checksum` column to one that
 * earlier releases created without it, on `executor` (inside the caller's transaction where the
 * dialect's DDL is transactional). A concurrent run that added the column first is tolerated.
 * Asks first: nothing is written, and no privilege needed, when the ledger is complete.
 *
 * @example
 * await driver.inTransaction((executor) => ensureLedger(executor, ledgerDialect('postgres')));
 */
export async function ensureLedger(executor: SqlExecutor, dialect: LedgerDialect): Promise<void> {
  const found = await inspectLedger(executor, dialect);
  if (!found.table) for (const statement of createLedgerStatements(dialect)) await executor.exec(statement);
  if (found.checksum) return;
  const ifNotExists = dialect.addColumnIfNotExists ? 'IF NOT EXISTS ' : '';
  try {
    await executor.exec(`ALTER TABLE ${LEDGER_TABLE} ADD COLUMN ${ifNotExists}checksum ${dialect.types.checksum}`);
  } catch (error) {
    if (!matchesError(dialect.duplicateColumn, error)) throw error;
  }
}

/**
 * Every ledger row; an empty list when there is no ledger. `SELECT *`: a ledger of an earlier
 * release has no checksum column. Never writes.
 *
 * @example
 * const applied = await readLedger(executor, ledgerDialect('sqlite'));
 * // [{ version: '001', description: 'Initial schema', appliedAt: '2025-12-19T18:23:19.000Z', checksum: '…' }]
 */
export async function readLedger(executor: SqlExecutor, dialect: LedgerDialect): Promise<LedgerRow[]> {
  type Row = { version: unknown; description: string; applied_at: unknown; checksum?: unknown };
  let rows: Row[];
  try {
    rows = await executor.query<Row>(`SELECT * FROM ${LEDGER_TABLE}`);
  } catch (error) {
    if (matchesError(dialect.noSuchTable, error)) return [];
    throw error;
  }
  return rows.map((row) => ({
    version: String(row.version),
    description: row.description,
    appliedAt: dialect.fromAppliedAt(row.applied_at),
    ...(typeof row.checksum === 'string' ? { checksum: row.checksum } : {}),
  }));
}

/**
 * The engine's {@link MigrationTransaction}: `executor` (a connection in a migration's
 * transaction, or outside one) plus the ledger's operations on it.
 *
 * @example
 * async transaction(work) {
 *   return this.connection.transaction((executor) => work(ledgerTransaction(executor, LEDGER)));
 * }
 */
export function ledgerTransaction(executor: SqlExecutor, dialect: LedgerDialect): MigrationTransaction {
  const p = dialect.placeholder;
  const table = LEDGER_TABLE;
  return {
    exec: (sql) => executor.exec(sql),
    query: (sql, params) => executor.query(sql, params),
    run: (sql, params) => executor.run(sql, params),
    ...(executor.runBatch ? { runBatch: executor.runBatch.bind(executor) } : {}),
    isRecorded: async (version) =>
      (await executor.query(`SELECT 1 FROM ${table} WHERE version = ${p(1)}`, [version])).length > 0,
    record: async ({ version, description, appliedAt, checksum }: LedgerRecord) => {
      const values = `${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}`;
      await executor.run(`INSERT INTO ${table} (version, description, applied_at, checksum) VALUES (${values})`, [
        version,
        description,
        dialect.toAppliedAt(appliedAt),
        checksum ?? null,
      ]);
    },
    forget: async (version) => void (await executor.run(`DELETE FROM ${table} WHERE version = ${p(1)}`, [version])),
    setChecksum: async (version, checksum) =>
      void (await executor.run(`UPDATE ${table} SET checksum = ${p(1)} WHERE version = ${p(2)}`, [checksum, version])),
  };
}

function truthy(value: unknown): boolean {
  return value === true || Number(value) > 0;
}
