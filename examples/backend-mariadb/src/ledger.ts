import type { LedgerRecord, LedgerRow, MigrationTransaction } from '@infer/core';
import { executorOf } from './executor.js';
import { type MysqlQueryable, rowsOf } from './mysql-types.js';
import { fromDatetime, toDatetime } from './times.js';

/** The ledger every infer backend keeps, in MySQL types (times in UTC). */
export const LEDGER_TABLE = 'schema_migrations';

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
    version VARCHAR(255) NOT NULL PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at DATETIME(6) NOT NULL,
    checksum VARCHAR(64) NULL,
    KEY idx_schema_migrations_version (version)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`;

/** For a ledger created with the three columns of earlier releases; nullable, so old rows stay valid. */
const ADD_CHECKSUM = `ALTER TABLE ${LEDGER_TABLE} ADD COLUMN checksum VARCHAR(64) NULL`;

const HAS_CHECKSUM = `SELECT COUNT(*) AS n FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = '${LEDGER_TABLE}' AND column_name = 'checksum'`;

/**
 * Creates the ledger if missing and adds `checksum` to one without it. Safe without the lock: a
 * concurrent run that added the column first makes the ALTER fail with a duplicate column, ignored.
 */
export async function ensureLedger(connection: MysqlQueryable): Promise<void> {
  await connection.query(CREATE_LEDGER);
  const [row] = await rowsOf<{ n: number | string }>(connection.query(HAS_CHECKSUM));
  if (Number(row?.n) > 0) return;
  await connection.query(ADD_CHECKSUM).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'ER_DUP_FIELDNAME') throw error;
  });
}

/** Every ledger row. `SELECT *`: a ledger of an earlier layout may have no checksum column. */
export async function readLedgerRows(connection: MysqlQueryable): Promise<LedgerRow[]> {
  type Row = { version: string; description: string; applied_at: string; checksum?: string | null };
  const rows = await rowsOf<Row>(connection.query(`SELECT * FROM ${LEDGER_TABLE} ORDER BY version`));
  return rows.map((row) => ({
    version: row.version,
    description: row.description,
    appliedAt: fromDatetime(row.applied_at),
    ...(typeof row.checksum === 'string' ? { checksum: row.checksum } : {}),
  }));
}

/** The engine's executor plus the ledger operations, on one connection. */
export function migrationTransaction(connection: MysqlQueryable): MigrationTransaction {
  return {
    ...executorOf(connection),
    async isRecorded(version) {
      return (await rowsOf(connection.query(`SELECT 1 FROM ${LEDGER_TABLE} WHERE version = ?`, [version]))).length > 0;
    },
    async record(record: LedgerRecord) {
      await connection.query(
        `INSERT INTO ${LEDGER_TABLE} (version, description, applied_at, checksum) VALUES (?, ?, ?, ?)`,
        [record.version, record.description, toDatetime(record.appliedAt), record.checksum ?? null],
      );
    },
    async forget(version) {
      await connection.query(`DELETE FROM ${LEDGER_TABLE} WHERE version = ?`, [version]);
    },
    async setChecksum(version, checksum) {
      await connection.query(`UPDATE ${LEDGER_TABLE} SET checksum = ? WHERE version = ?`, [checksum, version]);
    },
  };
}
