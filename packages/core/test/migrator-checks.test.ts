import { describe, expect, it } from 'vitest';
import { ErrorCode, Migrator, isInferError, type LedgerRow, type Migration, migrationChecksum } from '../src/index.js';
import { RecordingDriver, migrations, row, first, second, third } from './recording-driver.js';

describe('Migrator.up', () => {
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
