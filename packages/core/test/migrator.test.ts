import { describe, expect, it } from 'vitest';
import { ErrorCode, type LedgerRecord, type LedgerRow, type Migration, type MigrationDriver, type MigrationEvent, Migrator, isInferError } from '../src/index.js';

/** An in-process driver that records every call, to check the engine's protocol. */
class RecordingDriver implements MigrationDriver {
  readonly dialect = 'Test';
  readonly calls: string[] = [];
  readonly ledger: LedgerRow[] = [];
  constructor(readonly failOn?: string, readonly appliedElsewhere: string[] = []) {}
  async ensureLedger() {
    this.calls.push('ensureLedger');
  }
  async readLedger() {
    this.calls.push('readLedger');
    return [...this.ledger];
  }
  async applyMigration(migration: Migration, record: LedgerRecord) {
    this.calls.push(`apply ${migration.version}`);
    if (migration.version === this.failOn) throw new Error('boom');
    if (this.appliedElsewhere.includes(migration.version)) return 'skipped' as const;
    this.ledger.push({ version: record.version, description: record.description, appliedAt: record.appliedAt.toISOString() });
    return 'applied' as const;
  }
  async acquireLock() {
    this.calls.push('lock');
  }
  async releaseLock() {
    this.calls.push('unlock');
  }
}

const migrations: Migration[] = [
  { version: '003', description: 'Third', up: 'c' },
  { version: '001', description: 'First', up: 'a' },
  { version: '002', description: 'Second', up: 'b' },
];

describe('Migrator', () => {
  it('applies pending migrations in version order under the lock, reading the ledger once', async () => {
    const driver = new RecordingDriver();
    driver.ledger.push({ version: '1', description: 'First', appliedAt: 'then' });
    const results = await new Migrator({ driver, migrations }).up();
    expect(driver.calls).toEqual(['lock', 'ensureLedger', 'readLedger', 'apply 002', 'apply 003', 'unlock']);
    expect(results.map((r) => [r.version, r.outcome])).toEqual([
      ['002', 'applied'],
      ['003', 'applied'],
    ]);
    expect(results.every((r) => typeof r.durationMs === 'number' && r.durationMs >= 0)).toBe(true);
  });

  it('reports a migration applied by another process meanwhile as skipped', async () => {
    const driver = new RecordingDriver(undefined, ['002']);
    const results = await new Migrator({ driver, migrations }).up();
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'skipped', 'applied']);
  });

  it('stops at the first failure with a MigrationError carrying version, cause and results; releases the lock', async () => {
    const driver = new RecordingDriver('002');
    const error = await new Migrator({ driver, migrations }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(error).toMatchObject({ version: '002', message: 'migration 002 (Second) failed: boom' });
    expect((error as Error).cause).toEqual(new Error('boom'));
    expect((error as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not-run']);
    expect(driver.calls.at(-1)).toBe('unlock');
    expect(driver.calls).not.toContain('apply 003');
  });

  it('emits typed progress events in order', async () => {
    const events: MigrationEvent[] = [];
    await new Migrator({ driver: new RecordingDriver(), migrations: migrations.slice(0, 2), onEvent: (e) => events.push(e) }).up();
    expect(events.map((e) => e.type)).toEqual(['run:start', 'migration:start', 'migration:end', 'migration:start', 'migration:end', 'run:end']);
    expect(events[0]).toEqual({ type: 'run:start', pending: 2, applied: 0 });
    expect(events[1]).toEqual({ type: 'migration:start', version: '001', description: 'First', index: 0, total: 2 });
  });

  it('reports status from one ledger read, never locking or writing', async () => {
    const driver = new RecordingDriver();
    driver.ledger.push({ version: '001', description: 'First', appliedAt: 't1' }, { version: '042', description: 'Newer', appliedAt: 't2' });
    const status = await new Migrator({ driver, migrations }).status();
    expect(driver.calls).toEqual(['readLedger']);
    expect(status).toEqual([
      { version: '001', description: 'First', state: 'applied', appliedAt: 't1' },
      { version: '002', description: 'Second', state: 'pending' },
      { version: '003', description: 'Third', state: 'pending' },
      { version: '042', description: 'Newer', state: 'unknown', appliedAt: 't2' },
    ]);
  });

  it('validates the list before touching the driver', async () => {
    for (const bad of [[{ version: '01', description: 'A', up: '' }, { version: '1', description: 'B', up: '' }], [{ version: '1.5', description: 'A', up: '' }], [{ version: '7', description: ' ', up: '' }]]) {
      const driver = new RecordingDriver();
      const error = await new Migrator({ driver, migrations: bad }).up().catch((e: unknown) => e);
      expect(isInferError(error, ErrorCode.MigrationDefinition), String(error)).toBe(true);
      expect(driver.calls).toEqual([]);
    }
  });
});
