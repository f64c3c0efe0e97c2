import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  ErrorCode,
  type MigrationEvent,
  Migrator,
  isInferError,
  type LedgerRow,
  type Migration,
  migrationChecksum,
} from '../src/index.js';
import { RecordingDriver, migrations, row, first, second, third } from './recording-driver.js';

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

  it('validates the list before touching the driver', async () => {
    const bad: Migration[][] = [
      [
        { version: '01', description: 'A', up: 'x' },
        { version: '1', description: 'B', up: 'y' },
      ],
      [{ version: '1.5', description: 'A', up: 'x' }],
      [{ version: '7', description: ' ', up: 'x' }],
    ];
    for (const list of bad) {
      const driver = new RecordingDriver();
      const error = await new Migrator({ driver, migrations: list }).up().catch((e: unknown) => e);
      expect(isInferError(error, ErrorCode.MigrationDefinition), String(error)).toBe(true);
      expect(driver.calls).toEqual([]);
    }
  });

  it('refuses, before writing anything, a database ahead of the code, drift, and lint errors', async () => {
    const cases: [Migration[], LedgerRow[], string, RegExp][] = [
      [
        migrations,
        [row(first), { version: '042', description: 'Newer', appliedAt: 't' }],
        ErrorCode.DatabaseAhead,
        /migration 042 that this version of infer does not know/,
      ],
      [
        migrations,
        [{ ...row(first), checksum: 'f'.repeat(64) }],
        ErrorCode.Drift,
        /applied migration 001 changed since it was applied/,
      ],
      [
        [...migrations, { version: '004', description: 'Empty', up: '  -- nothing\n;' }],
        [],
        ErrorCode.MigrationDefinition,
        /migration 004 \(Empty\) has an empty up/,
      ],
      [
        [...migrations, { version: '004', description: 'Wipe', up: 'DROP TABLE t;' }],
        [],
        ErrorCode.MigrationDefinition,
        /DROP TABLE.*destroys data: set "destructive: true"/,
      ],
      [
        migrations,
        [row(first), row(third)],
        ErrorCode.MigrationDefinition,
        /migration 002 \(Second\) is pending but 003 is already applied/,
      ],
    ];
    for (const [list, ledger, code, message] of cases) {
      const driver = new RecordingDriver();
      driver.ledger = ledger;
      const error = await new Migrator({ driver, migrations: list }).up().catch((e: unknown) => e);
      expect(isInferError(error, code as never), String(error)).toBe(true);
      expect(String(error)).toMatch(message);
      expect(driver.calls).toEqual(['lock', 'readLedger', 'unlock']);
      expect(driver.ledger).toEqual(ledger);
    }
  });

  it('names five unknown versions of a database far ahead, then how many more', async () => {
    const driver = new RecordingDriver();
    const newer = Array.from({ length: 300 }, (_, i) => String(i + 100));
    driver.ledger = [
      ...migrations.map(row),
      ...newer.map((version) => ({ version, description: 'Newer', appliedAt: 't' })),
    ];
    const error = await new Migrator({ driver, migrations }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.DatabaseAhead)).toBe(true);
    expect((error as Error).message).toMatch(
      /^the database has migrations 100, 101, 102, 103, 104 and 295 more that this version of infer does not know/,
    );
    expect((error as { versions: string[] }).versions).toEqual(newer);
  });

  it('refuses a pending migration without a transaction if the driver cannot run one: nothing runs', async () => {
    const driver = new RecordingDriver();
    driver.outsideTransactionRefusal = 'this driver cannot run: use another';
    const outside: Migration = { version: '004', description: 'Index', up: 'd', transaction: false };
    driver.ledger = migrations.map(row);
    const error = await new Migrator({ driver, migrations: [...migrations, outside] }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toContain(
      'migration 004 (Index) opts out of a transaction (transaction=false), which this driver cannot run: use another',
    );
    expect(driver.calls).toEqual(['lock', 'readLedger', 'unlock']);
    // Once applied, it is no longer in the way of up.
    driver.ledger.push(row(outside));
    expect(await new Migrator({ driver, migrations: [...migrations, outside] }).up()).toEqual([]);
  });

  it('refuses to revert a migration without a transaction if the driver cannot run one: none is reverted', async () => {
    const driver = new RecordingDriver();
    driver.outsideTransactionRefusal = 'this driver cannot run: use another';
    const outside: Migration = { version: '004', description: 'Index', up: 'd', down: 'undo d', transaction: false };
    const fifth: Migration = { version: '005', description: 'Fifth', up: 'e', down: 'undo e' };
    const list = [...migrations, outside, fifth];
    driver.ledger = list.map(row);
    const migrator = new Migrator({ driver, migrations: list });
    for (const attempt of [() => migrator.down({ to: '002' }), () => migrator.planDown({ to: '002' })]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
      expect(String(error)).toContain(
        'cannot revert migration 004: it opts out of a transaction (transaction=false), which this driver cannot ' +
          'run: use another; nothing was reverted',
      );
      expect((error as { hint: string }).hint).toBe('revert only the migrations above it with --to 004');
    }
    expect(driver.calls.filter((call) => call.startsWith('exec') || call.startsWith('forget'))).toEqual([]);
    expect(driver.ledger).toEqual(list.map(row));
    expect((await migrator.down({ to: '004' })).map((r) => [r.version, r.outcome])).toEqual([['005', 'reverted']]);
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

  it('accepts a destructive migration that says so, and ledger rows without checksum (earlier releases)', async () => {
    const driver = new RecordingDriver();
    driver.ledger = [{ version: '001', description: 'First', appliedAt: 'long ago' }];
    const list = [...migrations, { version: '004', description: 'Wipe', up: 'DROP TABLE t;', destructive: true }];
    const results = await new Migrator({ driver, migrations: list }).up();
    expect(results.map((r) => r.version)).toEqual(['002', '003', '004']);
  });

  it("refuses a pending migration declaring a checksum not its text's; drift compares an applied one's", async () => {
    const declared = '9'.repeat(64);
    const list = [first, { ...second, checksum: declared }];
    const driver = new RecordingDriver();
    driver.ledger = [row(first)];
    const error = await new Migrator({ driver, migrations: list }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toContain(
      `migration 002 (Second) declares checksum ${declared} but its SQL's is ${migrationChecksum(second)}: ` +
        'correct it or leave it out',
    );
    expect(driver.ledger).toEqual([row(first)]);

    driver.ledger = [row(first), { ...row(second), checksum: migrationChecksum(second)! }];
    expect((await new Migrator({ driver, migrations: list }).status()).map((s) => s.drift ?? false)).toEqual([
      false,
      true,
    ]);
  });
});
