import { describe, expect, it } from 'vitest';
import { Migrator, type MigrationTransaction } from '../src/index.js';
import { RecordingDriver, first, migrations, second } from './recording-driver.js';

/** A driver that prepares its ledger inside a migration's transaction (SQLite, PostgreSQL). */
class LedgerInTransactionDriver extends RecordingDriver {
  async ensureLedgerIn(tx: MigrationTransaction): Promise<void> {
    await tx.exec('prepare ledger');
  }
}

describe('the ledger prepared with the first migration', () => {
  it('in its transaction when the driver can: once, before the migration, never apart', async () => {
    const driver = new LedgerInTransactionDriver();
    await new Migrator({ driver, migrations }).up();
    expect(driver.calls).toEqual(['lock', 'readLedger', 'exec prepare ledger', 'exec a', 'exec b', 'exec c', 'unlock']);
  });

  it('rolled back with a first migration that fails, and prepared again by the next run', async () => {
    const driver = new LedgerInTransactionDriver('a');
    await expect(new Migrator({ driver, migrations }).up()).rejects.toMatchObject({ code: 'E_MIGRATION' });
    expect(driver.calls).toEqual(['lock', 'readLedger', 'exec prepare ledger', 'exec a', 'rollback', 'unlock']);
    expect(driver.calls).not.toContain('ensureLedger');
  });

  it('just before the first migration when the driver has no ensureLedgerIn (DDL that commits at once)', async () => {
    const driver = new RecordingDriver('b');
    driver.ledger.push({ version: first.version, description: first.description, appliedAt: 'then' });
    await expect(new Migrator({ driver, migrations: [first, second] }).up()).rejects.toMatchObject({
      code: 'E_MIGRATION',
    });
    expect(driver.calls).toEqual(['lock', 'readLedger', 'ensureLedger', 'exec b', 'rollback', 'unlock']);
  });
});
