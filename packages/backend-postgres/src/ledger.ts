import type { SqlExecutor } from '@infer/core';
import { LEDGER_TABLE } from './migration-lock.js';

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
