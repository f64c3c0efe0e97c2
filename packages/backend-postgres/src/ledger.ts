import type { LedgerRecord, LedgerRow, MigrationTransaction, SqlExecutor } from '@infer/core';
import { executorOf } from './executor.js';
import { LEDGER_TABLE } from './migration-lock.js';
import type { PgQueryable } from './pg-types.js';

/** The ledger exactly as earlier releases created it (three columns and an index on version). */
const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON ${LEDGER_TABLE}(version);
`;

/** Added to ledgers of earlier releases too; nullable, so their rows stay valid without one. */
const ADD_CHECKSUM = `ALTER TABLE ${LEDGER_TABLE} ADD COLUMN IF NOT EXISTS checksum VARCHAR(64)`;

/**
 * Creates the ledger and adds the checksum column, where missing, in the caller's transaction.
 * Checked first: CREATE ... IF NOT EXISTS needs the CREATE privilege even when the table exists.
 */
export async function prepareLedger(executor: SqlExecutor): Promise<void> {
  const [found] = await executor.query<{ exists: boolean; checksum: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS exists,
            EXISTS (SELECT 1 FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = $1
                      AND column_name = 'checksum') AS checksum`,
    [LEDGER_TABLE],
  );
  if (!found!.exists) await executor.exec(CREATE_LEDGER);
  if (!found!.checksum) await executor.exec(ADD_CHECKSUM);
}

/** Every ledger row. `SELECT *`: a ledger of an earlier release has no checksum column. */
export async function readLedgerRows(session: PgQueryable): Promise<LedgerRow[]> {
  const { rows } = await session.query<{
    version: string;
    description: string;
    applied_at: Date;
    checksum?: string | null;
  }>(`SELECT * FROM ${LEDGER_TABLE}`);
  return rows.map((row) => ({
    version: row.version,
    description: row.description,
    appliedAt: row.applied_at.toISOString(),
    ...(typeof row.checksum === 'string' ? { checksum: row.checksum } : {}),
  }));
}

/** The engine's executor plus the ledger operations, on one connection. */
export function migrationTransaction(client: PgQueryable): MigrationTransaction {
  return {
    ...executorOf(client),
    async isRecorded(version) {
      const { rows } = await client.query(`SELECT 1 FROM ${LEDGER_TABLE} WHERE version = $1`, [version]);
      return rows.length > 0;
    },
    async record(record: LedgerRecord) {
      await client.query(
        `INSERT INTO ${LEDGER_TABLE} (version, description, applied_at, checksum) VALUES ($1, $2, $3, $4)`,
        [record.version, record.description, record.appliedAt, record.checksum ?? null],
      );
    },
    async forget(version) {
      await client.query(`DELETE FROM ${LEDGER_TABLE} WHERE version = $1`, [version]);
    },
    async setChecksum(version, checksum) {
      await client.query(`UPDATE ${LEDGER_TABLE} SET checksum = $1 WHERE version = $2`, [checksum, version]);
    },
  };
}
