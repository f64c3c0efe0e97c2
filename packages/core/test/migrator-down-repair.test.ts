import { describe, expect, it } from 'vitest';
import { ErrorCode, Migrator, isInferError, migrationChecksum, type Migration } from '../src/index.js';
import { RecordingDriver, migrations, row, first, second, third } from './recording-driver.js';

describe('Migrator status, plan and down', () => {
  it('reports status from one ledger read, never locking or writing, drift flagged', async () => {
    const driver = new RecordingDriver();
    driver.ledger.push(
      { ...row(first), checksum: '0'.repeat(64), appliedAt: 't1' },
      { version: '042', description: 'Newer', appliedAt: 't2' },
    );
    const status = await new Migrator({ driver, migrations }).status();
    expect(driver.calls).toEqual(['readLedger']);
    expect(status).toEqual([
      { version: '001', description: 'First', state: 'applied', appliedAt: 't1', drift: true },
      { version: '002', description: 'Second', state: 'pending' },
      { version: '003', description: 'Third', state: 'pending' },
      { version: '042', description: 'Newer', state: 'unknown', appliedAt: 't2' },
    ]);
  });

  it('plans the pending steps with their exact SQL, never locking or writing', async () => {
    const driver = new RecordingDriver();
    driver.ledger = [row(first)];
    const data: Migration = { version: '004', description: 'Backfill', up: async () => {} };
    const plan = await new Migrator({ driver, migrations: [...migrations, data] }).plan();
    expect(plan).toEqual([
      { version: '002', description: 'Second', direction: 'up', kind: 'sql', sql: 'b', transaction: true },
      { version: '003', description: 'Third', direction: 'up', kind: 'sql', sql: 'c', transaction: true },
      { version: '004', description: 'Backfill', direction: 'up', kind: 'data', transaction: true },
    ]);
    expect(driver.calls).toEqual(['readLedger']);
  });

  it('reverts the last applied migration, or every one above --to, newest first, removing ledger rows', async () => {
    const driver = new RecordingDriver();
    driver.ledger = [first, second, third].map(row);
    const one = await new Migrator({ driver, migrations }).down();
    expect(one.map((r) => [r.version, r.outcome])).toEqual([['003', 'reverted']]);
    expect(driver.calls).toEqual(['lock', 'readLedger', 'exec undo c', 'forget 003', 'unlock']);
    driver.ledger = [first, second, third].map(row);
    const all = await new Migrator({ driver, migrations }).down({ to: '001' });
    expect(all.map((r) => r.version)).toEqual(['003', '002']);
    expect(driver.ledger.map((r) => r.version)).toEqual(['001']);
    expect((await new Migrator({ driver, migrations }).planDown({ to: '0' })).map((s) => [s.version, s.sql])).toEqual([
      ['001', 'undo a'],
    ]);
  });

  it('reverts a row the ledger spells without leading zeros ("2" for 002), deleting that very row', async () => {
    const driver = new RecordingDriver();
    driver.ledger = [row(first), { ...row(second), version: '2' }];
    const results = await new Migrator({ driver, migrations: [first, second] }).down();
    expect(results.map((r) => [r.version, r.outcome])).toEqual([['2', 'reverted']]);
    expect(driver.calls).toContain('exec undo b');
    expect(driver.ledger.map((r) => r.version)).toEqual(['001']);
  });

  it('refuses to revert through a migration without a down, before anything runs', async () => {
    const driver = new RecordingDriver();
    const list = [first, { ...second, down: undefined }, third];
    driver.ledger = list.map(row);
    const error = await new Migrator({ driver, migrations: list }).down({ to: '0' }).catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toContain('cannot revert migration 002: no down; nothing was reverted');
    expect(driver.ledger).toHaveLength(3);
    expect(driver.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
  });
});

describe('Migrator repair and baseline', () => {
  it('repair rewrites drifted checksums and fills in missing ones; then up runs again', async () => {
    const driver = new RecordingDriver();
    driver.ledger = [
      { ...row(first), checksum: '0'.repeat(64) },
      { version: '002', description: 'Second', appliedAt: 'old' },
    ];
    const repaired = await new Migrator({ driver, migrations }).repair();
    expect(repaired).toEqual([
      { version: '001', description: 'First', previous: '0'.repeat(64), checksum: migrationChecksum(first) },
      { version: '002', description: 'Second', previous: null, checksum: migrationChecksum(second) },
    ]);
    expect(await new Migrator({ driver, migrations }).up()).toHaveLength(1);
  });

  it("repair refuses, writing nothing, to record a declared checksum that is not its SQL's", async () => {
    const driver = new RecordingDriver();
    const stale = { ...first, checksum: '9'.repeat(64) };
    driver.ledger = [row(first)];
    const error = await new Migrator({ driver, migrations: [stale] }).repair().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toContain(
      `migration 001 (First) declares checksum ${'9'.repeat(64)} but its SQL's is ${migrationChecksum(first)}: ` +
        'correct it or leave it out; nothing was repaired',
    );
    expect(driver.ledger).toEqual([row(first)]);
  });

  it('repair refuses, writing nothing, a ledger row that another migration of the same version wrote', async () => {
    const driver = new RecordingDriver();
    const ledger = [
      { ...row(first), checksum: '0'.repeat(64) },
      { version: '002', description: 'Add tags', appliedAt: 'old', checksum: '1'.repeat(64) },
    ];
    driver.ledger = ledger;
    const error = await new Migrator({ driver, migrations }).repair().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Drift)).toBe(true);
    expect(error).toMatchObject({
      version: '002',
      message:
        'the ledger\'s migration 002 is "Add tags", not "Second": that version was applied from another ' +
        'migration, so repair changed nothing',
    });
    expect((error as { hint: string }).hint).toMatch(/give "Second" a version of its own/);
    expect(driver.ledger).toEqual(ledger);
    expect(driver.calls.filter((c) => c.startsWith('setChecksum'))).toEqual([]);
  });

  it('baseline records every migration up to the version without running it', async () => {
    const driver = new RecordingDriver();
    const results = await new Migrator({ driver, migrations }).baseline('002');
    expect(results.map((r) => [r.version, r.outcome])).toEqual([
      ['001', 'baselined'],
      ['002', 'baselined'],
    ]);
    expect(driver.calls.filter((c) => c.startsWith('exec'))).toEqual([]);
    expect(driver.ledger.map((r) => r.version)).toEqual(['001', '002']);
  });
});
