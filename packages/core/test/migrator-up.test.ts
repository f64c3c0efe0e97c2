import { describe, expect, it } from 'vitest';
import { ConnectionError, ErrorCode, type MigrationEvent, Migrator, isInferError } from '../src/index.js';
import { RecordingDriver, migrations, row, first, second } from './recording-driver.js';

describe('Migrator.up', () => {
  it('applies pending migrations in version order under the lock, reading the ledger once', async () => {
    const driver = new RecordingDriver();
    driver.ledger.push({ version: '1', description: 'First', appliedAt: 'then' });
    const results = await new Migrator({ driver, migrations }).up();
    expect(driver.calls).toEqual(['lock', 'readLedger', 'ensureLedger', 'exec b', 'exec c', 'unlock']);
    expect(results.map((r) => [r.version, r.outcome])).toEqual([
      ['002', 'applied'],
      ['003', 'applied'],
    ]);
    expect(results.every((r) => typeof r.durationMs === 'number' && r.durationMs >= 0)).toBe(true);
    expect(driver.ledger.find((r) => r.version === '002')?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes nothing, not even the ledger, when nothing is pending', async () => {
    const driver = new RecordingDriver();
    driver.ledger = migrations.map(row);
    expect(await new Migrator({ driver, migrations }).up()).toEqual([]);
    expect(driver.calls).toEqual(['lock', 'readLedger', 'unlock']);
  });

  it('reports a migration applied by another process meanwhile as skipped', async () => {
    const driver = new RecordingDriver(undefined, ['002']);
    const results = await new Migrator({ driver, migrations }).up();
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'skipped', 'applied']);
    expect(driver.rowChecks).toBe(3);
  });

  it("checks no ledger row per migration when the driver's lock keeps every other run out (exclusiveRun)", async () => {
    const driver = new RecordingDriver();
    driver.exclusiveRun = true;
    const results = await new Migrator({ driver, migrations }).up();
    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(driver.rowChecks).toBe(0);
    await new Migrator({ driver, migrations }).down({ to: '0' });
    expect(driver.ledger).toEqual([]);
    expect(driver.rowChecks).toBe(0);
  });

  it('stops at the first failure with a MigrationError of version, cause and results; releases the lock', async () => {
    const driver = new RecordingDriver('b');
    const error = await new Migrator({ driver, migrations }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(error).toMatchObject({ version: '002', message: 'migration 002 (Second) failed: boom' });
    expect((error as Error).cause).toEqual(new Error('boom'));
    expect((error as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual([
      'applied',
      'failed',
      'not-run',
    ]);
    expect(driver.calls.at(-1)).toBe('unlock');
    expect(driver.calls).not.toContain('exec c');
    expect(driver.ledger.map((r) => r.version)).toEqual(['001']);
  });

  it('reports a connection lost mid-migration as E_CONNECTION: whole or not applied; a rerun continues', async () => {
    const driver = new RecordingDriver('b');
    driver.failure = () => new ConnectionError('lost the connection to the test server');
    const error = await new Migrator({ driver, migrations }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error).toMatchObject({
      version: '002',
      message: 'migration 002 (Second) was interrupted: lost the connection to the test server',
    });
    expect((error as { hint: string }).hint).toMatch(
      /before 002 are recorded, and 002 was applied together with its ledger row or not at all/,
    );
    expect((error as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual([
      'applied',
      'failed',
      'not-run',
    ]);
    // Outside a transaction the statements that ran stay: that remains a failed migration saying how far it got.
    const partial = new RecordingDriver('b');
    partial.failure = driver.failure;
    const statementByStatement = migrations.map((m) => (m.version === '002' ? { ...m, transaction: false } : m));
    const partialError = await new Migrator({ driver: partial, migrations: statementByStatement })
      .up()
      .catch((e: unknown) => e);
    expect(isInferError(partialError, ErrorCode.Migration), String(partialError)).toBe(true);
    expect((partialError as Error).message).toMatch(/^migration 002 \(Second\) failed at its statement 1 of 1/);
  });

  it('a failed ledger write outside a transaction says each statement took effect; how to fix the ledger', async () => {
    const outside = migrations.map((m) => (m.version === '002' ? { ...m, transaction: false } : m));
    const driver = new RecordingDriver();
    driver.ledger = [row(first)];
    driver.ledgerFailure = new Error('disk I/O error');
    const up = (await new Migrator({ driver, migrations: outside }).up().catch((e: unknown) => e)) as {
      message: string;
      hint: string;
    };
    expect(driver.calls).toContain('exec b');
    expect(driver.ledger.map((r) => r.version)).toEqual(['001']);
    expect(up.message).toBe(
      'migration 002 (Second) failed writing its ledger row, after its only statement ran: disk I/O error',
    );
    expect(up.hint).toMatch(
      /all its statements stay applied but it is not recorded; .*"infer migrate baseline --to 002"/,
    );

    driver.ledger = [row(first), row(second)];
    const down = (await new Migrator({ driver, migrations: outside }).down().catch((e: unknown) => e)) as {
      message: string;
      hint: string;
    };
    expect(driver.calls).toContain('exec undo b');
    expect(down.hint).toMatch(
      /all its statements stay reverted but its ledger row remains; delete the row of version 002/,
    );
  });

  it('emits typed progress events in order', async () => {
    const events: MigrationEvent[] = [];
    await new Migrator({
      driver: new RecordingDriver(),
      migrations: migrations.slice(1, 3),
      onEvent: (e) => events.push(e),
    }).up();
    expect(events.map((e) => e.type)).toEqual([
      'run:start',
      'migration:start',
      'migration:end',
      'migration:start',
      'migration:end',
      'run:end',
    ]);
    expect(events[0]).toEqual({ type: 'run:start', direction: 'up', pending: 2, applied: 0 });
    expect(events[1]).toEqual({ type: 'migration:start', version: '001', description: 'First', index: 0, total: 2 });
  });
  it('calls beforeRun with the steps under the lock after checks, before any write; throwing writes none', async () => {
    const driver = new RecordingDriver();
    driver.ledger = [row(first)];
    const seen: unknown[] = [];
    const beforeRun = async (steps: readonly { version: string; direction: string }[]) => {
      driver.calls.push('beforeRun');
      seen.push(steps.map((s) => `${s.direction} ${s.version}`));
    };
    await new Migrator({ driver, migrations }).up({ beforeRun });
    expect(driver.calls).toEqual(['lock', 'readLedger', 'beforeRun', 'ensureLedger', 'exec b', 'exec c', 'unlock']);
    driver.calls.length = 0;
    await new Migrator({ driver, migrations }).down({ to: '001', beforeRun });
    expect(driver.calls).toEqual([
      'lock',
      'readLedger',
      'beforeRun',
      'exec undo c',
      'forget 003',
      'exec undo b',
      'forget 002',
      'unlock',
    ]);
    expect(seen).toEqual([
      ['up 002', 'up 003'],
      ['down 003', 'down 002'],
    ]);

    driver.calls.length = 0;
    driver.ledger = migrations.map(row);
    await new Migrator({ driver, migrations }).up({ beforeRun });
    driver.ledger = [{ ...row(first), checksum: 'f'.repeat(64) }];
    await new Migrator({ driver, migrations }).up({ beforeRun }).catch(() => {});
    expect(driver.calls).not.toContain('beforeRun');

    driver.calls.length = 0;
    driver.ledger = [row(first)];
    const refused = new Error('no backup');
    const error = await new Migrator({ driver, migrations })
      .up({ beforeRun: () => Promise.reject(refused) })
      .catch((e: unknown) => e);
    expect(error).toBe(refused);
    expect(driver.calls).toEqual(['lock', 'readLedger', 'unlock']);
    expect(driver.ledger).toEqual([row(first)]);
  });
});
