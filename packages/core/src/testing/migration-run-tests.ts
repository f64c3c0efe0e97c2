import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { MigrationEvent } from '../migrations/events.js';
import type { Migration } from '../migrations/migration.js';
import { Migrator } from '../migrations/migrator.js';
import {
  type EngineDatabase,
  FAIL_AT,
  ROWS,
  expectCode,
  expectProgress,
  outcomes,
  rejection,
  tableExists,
  versionsOf,
  withMigrator,
} from './suite-support.js';
import type { SuiteContext } from './migration-group.js';

/** A data migration, failing at the row `failAt` when it is given. */
type DataMigration = (failAt?: number) => Migration;

/** Data migrations with progress, migrations outside a transaction, lint, baseline, destructive migrations. */
export function runGroups(context: SuiteContext): void {
  const { create, shipped, sql, laterVersion, up, checksum, migratedTo } = context;
  describe(`data migrations over ${ROWS} rows`, () => {
    const items: Migration = {
      version: laterVersion(1),
      description: 'Items to migrate',
      up: `CREATE TABLE suite_rows (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
${sql.fillRows(ROWS)}`,
      down: 'DROP TABLE suite_rows;',
    };
    const mismatches = async (db: EngineDatabase, expected: string) => {
      const [row] = await db.query<{ total: number | string; wrong: number | string }>(
        `SELECT COUNT(*) AS total, SUM(CASE WHEN n = ${expected} THEN 0 ELSE 1 END) AS wrong FROM suite_rows`,
      );
      return [Number(row!.total), Number(row!.wrong)];
    };

    /** Fails at FAIL_AT when asked: nothing of the run (nor its ledger row) may stay. */
    async function failThenSucceed(db: EngineDatabase, migration: DataMigration, expected: string): Promise<void> {
      await withMigrator(db, [...shipped, items], up);
      const before = await db.dump();
      const error = await rejection(withMigrator(db, [...shipped, items, migration(FAIL_AT)], up));
      expectCode(error, ErrorCode.Migration);
      expect(error.version).toBe(laterVersion(2));
      expect(error.message).toContain(
        `migration ${laterVersion(2)} (${migration().description}) failed: injected failure at row ${FAIL_AT}`,
      );
      expect(await db.dump()).toEqual(before);

      const events: MigrationEvent[] = [];
      const results = await withMigrator(db, [...shipped, items, migration()], up, (event) => events.push(event));
      expect(outcomes(results)).toEqual([[laterVersion(2), 'applied']]);
      expectProgress(events, laterVersion(2), ROWS);
      expect(await mismatches(db, expected)).toEqual([ROWS, 0]);
      expect((await db.dump()).ledger.at(-1)).toMatchObject({
        version: laterVersion(2),
        checksum: migration().checksum,
      });
    }

    /** The same row update written with `updateInBatches` (a failure at a row) and with `batches` and `run`. */
    const doubling: DataMigration = (failAt) => ({
      version: laterVersion(2),
      description: 'Double every n',
      checksum: 'double-n-v1',
      up: async (context) => {
        await context.updateInBatches<{ id: number; n: number }>('suite_rows', (row) => {
          if (Number(row.id) === failAt) throw new Error(`injected failure at row ${failAt}`);
          return { n: Number(row.n) * 2 };
        });
      },
    });
    const incrementing: DataMigration = (failAt) => ({
      version: laterVersion(2),
      description: 'Increment every n by batch',
      checksum: 'increment-n-v1',
      up: async (context) => {
        const p = context.placeholder;
        for await (const rows of context.batches<{ id: number }>('suite_rows', { columns: ['id'], batchSize: 2500 })) {
          const [first, end] = [Number(rows[0]!.id), Number(rows.at(-1)!.id)];
          if (failAt !== undefined && first <= failAt && failAt <= end)
            throw new Error(`injected failure at row ${failAt}`);
          await context.run(`UPDATE suite_rows SET n = n + 1 WHERE id >= ${p(1)} AND id <= ${p(2)}`, [first, end]);
        }
      },
    });

    it.each([
      ['updateInBatches', 'a row', doubling, 'id * 2'],
      ['batches with run', 'a batch', incrementing, 'id + 1'],
    ] as const)(
      '%s updates every row with monotone progress, and a failure at %s leaves nothing',
      {
        timeout: 180_000,
      },
      async (_, __, migration, expected) => {
        await failThenSucceed(await create(), migration, expected);
      },
    );
  });

  it('runs a transaction: false migration statement by statement and says how far a failure got', async () => {
    const db = await migratedTo(shipped.length);
    const migration: Migration = {
      version: laterVersion(1),
      description: 'Outside a transaction',
      transaction: false,
      up: [
        'CREATE TABLE opted_out (id INTEGER);',
        'INSERT INTO opted_out (id) VALUES (1);',
        '',
        '-- never_created was never created',
        'INSERT INTO never_created (id) VALUES (1);',
        'CREATE TABLE never_reached (id INTEGER);',
      ].join('\n'),
    };
    const before = await db.dump();
    const driver = await db.driver();
    const error = await rejection(new Migrator({ driver, migrations: [...shipped, migration] }).up());
    await driver.close();
    // A driver that learns only from its lock that it cannot keep other processes out of such a
    // migration (PostgreSQL behind a transaction pooler) refuses it before anything runs.
    if (driver.outsideTransactionRefusal !== undefined) {
      expectCode(error, ErrorCode.MigrationDefinition);
      expect(error.message).toContain(driver.outsideTransactionRefusal);
      expect(await db.dump()).toEqual(before);
      return;
    }
    expectCode(error, ErrorCode.Migration);
    expect(error.partial).toEqual({ statementsApplied: 2, statementsTotal: 4, failedAtLine: 5 });
    expect(error.message).toContain(
      `migration ${laterVersion(1)} (Outside a transaction) failed at its statement 3 of 4 (line 5): `,
    );
    expect(error.hint).toContain(
      'it ran outside a transaction, so its first 2 statements stay applied and it is not recorded',
    );
    expect(await db.query('SELECT id FROM opted_out')).toEqual([{ id: 1 }]);
    expect(await tableExists(db, 'never_reached')).toBe(false);
    expect(versionsOf(await db.dump())).toEqual(shipped.map((m) => m.version));
  });

  it('lint has the database parse every migration, up and down, without touching the database', async () => {
    const db = await migratedTo(shipped.length);
    const typoUp: Migration = {
      version: laterVersion(1),
      description: 'Typo in up',
      up: 'CREAT TABLE typo (id INTEGER);',
      down: 'DROP TABLE typo;',
    };
    const typoDown: Migration = {
      version: laterVersion(2),
      description: 'Typo in down',
      up: 'CREATE TABLE fine (id INTEGER);',
      down: 'DROP TABL fine;',
    };
    const oneWay: Migration = {
      version: laterVersion(3),
      description: 'No way back',
      up: 'CREATE TABLE one_way (id INTEGER);',
    };
    const before = await db.dump();
    const problems = await withMigrator(db, [...shipped, typoUp, typoDown, oneWay], (m) => m.lint());
    expect(await db.dump()).toEqual(before);
    // The suite's migrators have no displayName, so findings name the database so.
    const database = 'the database';
    expect(problems.filter((p) => p.rule === 'syntax')).toEqual([
      {
        version: laterVersion(1),
        rule: 'syntax',
        severity: 'error',
        message: expect.stringMatching(
          `^migration ${laterVersion(1)} \\(Typo in up\\) up does not run on ${database}: .*CREAT`,
        ),
      },
      {
        version: laterVersion(2),
        rule: 'syntax',
        severity: 'error',
        message: expect.stringMatching(
          `^migration ${laterVersion(2)} \\(Typo in down\\) down does not run on ${database}: .*TABL`,
        ),
      },
    ]);
    expect(problems.filter((p) => p.rule !== 'syntax')).toEqual([
      {
        version: laterVersion(3),
        rule: 'missing-down',
        severity: 'warning',
        message: expect.stringContaining('has no down'),
      },
    ]);
    expect(await withMigrator(db, shipped, (m) => m.lint())).toEqual([]);
    expect(await db.dump()).toEqual(before);
  });

  it('baseline records migrations a database already has without running them; refuses a missing table', async () => {
    const [first, second] = [shipped[0]!, shipped[1]!];
    const db = await create();
    await db.exec(first.up as string);
    // Running 001 again would fail: its table exists, and the index would come back.
    await db.exec(sql.dropIndex('idx_suite_items_label', 'suite_items'));
    const before = await db.dump();
    const error = await rejection(withMigrator(db, shipped, (m) => m.baseline(second.version)));
    expectCode(error, ErrorCode.Baseline);
    expect(error.message).toContain('table suite_tags does not exist');
    expect(error.missingTables).toEqual(['suite_tags']);
    expect(await db.dump()).toEqual(before);

    const results = await withMigrator(db, shipped, (m) => m.baseline(first.version));
    expect(results).toEqual([{ version: first.version, description: first.description, outcome: 'baselined' }]);
    const baselined = await db.dump();
    expect(baselined.ledger.map((row) => [row.version, row.checksum])).toEqual([[first.version, checksum(first)]]);
    expect(JSON.stringify(baselined.schema)).not.toContain('idx_suite_items_label');
    expectCode(await rejection(withMigrator(db, shipped, (m) => m.baseline(second.version))), ErrorCode.Baseline);
    expect(await db.dump()).toEqual(baselined);
  });

  it('refuses a destructive migration that does not say so, changing nothing; applies it when it does', async () => {
    const db = await migratedTo(shipped.length);
    await db.exec("INSERT INTO suite_tags (id, name) VALUES (1, 'kept until dropped')");
    const dropping = (destructive: boolean): Migration => ({
      version: laterVersion(1),
      description: 'Drop suite tags',
      up: 'DROP TABLE suite_tags;',
      ...(destructive ? { destructive } : {}),
    });
    const before = await db.dump();
    const error = await rejection(withMigrator(db, [...shipped, dropping(false)], up));
    expectCode(error, ErrorCode.MigrationDefinition);
    expect(error.message).toContain(
      'DROP TABLE deletes a table and its rows (line 1) destroys data: set "destructive: true"',
    );
    expect(error.problems).toMatchObject([
      { version: laterVersion(1), rule: 'destructive', severity: 'error', line: 1 },
    ]);
    expect(await db.dump()).toEqual(before);

    expect(outcomes(await withMigrator(db, [...shipped, dropping(true)], up))).toEqual([[laterVersion(1), 'applied']]);
    expect(await tableExists(db, 'suite_tags')).toBe(false);
    expect(versionsOf(await db.dump())).toEqual([...shipped.map((m) => m.version), laterVersion(1)]);
  });
}
