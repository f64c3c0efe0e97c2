import { describe, expect, it } from 'vitest';
import type { ClosableMigrationDriver } from '../contract/descriptor.js';
import { ErrorCode, type InferError, isInferError } from '../errors.js';
import { migrationChecksum } from '../migrations/checksum.js';
import type { MigrationEvent, MigrationEventListener } from '../migrations/events.js';
import type { Migration } from '../migrations/migration.js';
import { Migrator } from '../migrations/migrator.js';
import type { PlannedStep } from '../migrations/plan.js';

/** A database of the backend under test, reached both through the engine and by hand. */
export interface EngineDatabase {
  /** A new migration driver on the database; the suite closes it. */
  driver(): ClosableMigrationDriver;
  /** Runs SQL by hand, on a connection of its own (as an operator or an earlier release would). */
  exec(sql: string): Promise<void>;
  /** The rows of one query, by hand. */
  query<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  /** Everything there is, for "nothing changed" comparisons. */
  dump(): Promise<DatabaseDump>;
}

export interface DatabaseDump {
  /** The schema as the database's catalogue holds it (the ledger's table included). */
  readonly schema: unknown;
  /** Every table's rows (the ledger's included). */
  readonly data: unknown;
  /** Every column of every ledger row, in version order; empty when there is no ledger. */
  readonly ledger: readonly Record<string, unknown>[];
}

export interface EngineSuiteOptions {
  /** Shown in the test names, e.g. `SQLite`. */
  readonly name: string;
  /** The backend's shipped migrations: 001 creates `conversations` (and `idx_conversations_updated_at`), 002 `user_preferences`. */
  readonly migrations: readonly Migration[];
  /** A new, empty database. */
  readonly create: () => Promise<EngineDatabase>;
  /** A new database as earlier releases left it: 001's schema and a ledger of their three-column DDL holding 001 without checksum. */
  readonly createLegacy: () => Promise<EngineDatabase>;
  /** SQL the suite writes by hand where the backend's dialect differs from SQLite's and PostgreSQL's. */
  readonly sql?: Partial<EngineSuiteSql>;
}

/** The hand-written SQL of the suite; the defaults run on SQLite and PostgreSQL. */
export interface EngineSuiteSql {
  /** A literal for `schema_migrations.applied_at`. Default `'2030-01-02 03:04:05+00'`. */
  readonly appliedAt: string;
  /** A script that fills the table `items (id, n)` with the rows 1 to `rows`, `n` equal to `id`. Default a recursive CTE. */
  readonly fillItems: (rows: number) => string;
  /** Drops an index of a table. Default `DROP INDEX <index>`. MySQL: `DROP INDEX <index> ON <table>`. */
  readonly dropIndex: (index: string, table: string) => string;
}

const DEFAULT_SQL: EngineSuiteSql = {
  appliedAt: "'2030-01-02 03:04:05+00'",
  fillItems: (rows) => `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows}) INSERT INTO items (id, n) SELECT i, i FROM seq;`,
  dropIndex: (index) => `DROP INDEX ${index}`,
};

/** Rows of the data migration tests: enough for several batches and many progress events. */
const ROWS = 100_000;
const FAIL_AT = 60_000;

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<InferError & Record<string, unknown>> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error as InferError & Record<string, unknown>,
  );
}

/** Runs `work` with a migrator over a new driver of `db`, closed afterwards. */
export async function withMigrator<T>(
  db: EngineDatabase,
  migrations: readonly Migration[],
  work: (migrator: Migrator) => Promise<T>,
  onEvent?: MigrationEventListener,
): Promise<T> {
  const driver = db.driver();
  try {
    return await work(new Migrator({ driver, migrations, ...(onEvent ? { onEvent } : {}) }));
  } finally {
    await driver.close();
  }
}

/** Whether a table exists, asked through a driver of `db`. */
async function tableExists(db: EngineDatabase, name: string): Promise<boolean> {
  const driver = db.driver();
  try {
    return await driver.tableExists(name);
  } finally {
    await driver.close();
  }
}

function expectCode(error: unknown, code: ErrorCode): void {
  expect(isInferError(error, code), `expected code ${code}, got ${String(error)}`).toBe(true);
}

const planned = (direction: 'up' | 'down') => (m: Migration): PlannedStep => ({
  version: m.version,
  description: m.description,
  direction,
  kind: 'sql',
  sql: (direction === 'up' ? m.up : m.down) as string,
  transaction: true,
});

/** The ledger without the times rows were written at, to compare two databases. */
const ledgerOf = (dump: DatabaseDump) => dump.ledger.map((row) => ({ version: row.version, description: row.description, checksum: row.checksum }));
const versionsOf = (dump: DatabaseDump) => dump.ledger.map((row) => row.version);
const outcomes = (results: readonly { version: string; outcome: string }[]) => results.map((r) => [r.version, r.outcome]);

/** `migration:progress` events of one version: never backwards, total known throughout, ending at it. */
function expectProgress(events: readonly MigrationEvent[], version: string, total: number): void {
  const progress = events.flatMap((e) => (e.type === 'migration:progress' && e.version === version ? [e] : []));
  // At least the start and the end; in between, at most one every 100 ms.
  expect(progress.length).toBeGreaterThanOrEqual(2);
  for (const [i, event] of progress.entries()) {
    expect(event.total).toBe(total);
    if (i > 0) expect(event.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    if (event.done > 0) expect(event.ratePerSecond).toBeGreaterThan(0);
  }
  expect(progress.at(-1)!.done).toBe(total);
}

/**
 * The migration engine's features against a real database of one backend, as vitest tests: dry
 * runs, down, checksums and drift, a database ahead of the code, data migrations with progress,
 * migrations outside a transaction, lint with the database's parser, baseline and destructive
 * migrations. Every "nothing changed" is a full dump compared before and after.
 *
 * @example
 * runEngineFeatureSuite({ name: 'SQLite', migrations: sqliteMigrations, create, createLegacy });
 */
export function runEngineFeatureSuite(options: EngineSuiteOptions): void {
  const shipped = options.migrations;
  const sql: EngineSuiteSql = { ...DEFAULT_SQL, ...options.sql };
  const last = shipped.at(-1)!.version;
  /** The nth version after the shipped ones, for test migrations. */
  const after = (n: number) => String(Number(last) + n).padStart(last.length, '0');
  const up = (m: Migrator) => m.up();
  const checksum = (m: Migration) => migrationChecksum(m)!;

  /** A new database with a ledger and the first `count` shipped migrations applied. */
  async function migratedTo(count: number): Promise<EngineDatabase> {
    const db = await options.create();
    const driver = db.driver();
    try {
      await driver.ensureLedger();
    } finally {
      await driver.close();
    }
    await withMigrator(db, shipped.slice(0, count), up);
    return db;
  }

  describe(`${options.name}: migration engine features on a real database`, () => {
    describe('dry run', () => {
      it('plan and status change nothing, and plan shows the exact SQL of every pending migration', async () => {
        const db = await options.create();
        const empty = await db.dump();
        const fresh = await withMigrator(db, shipped, async (m) => ({ status: await m.status(), plan: await m.plan() }));
        expect(await db.dump()).toEqual(empty); // not even a ledger
        expect(fresh.status.map((s) => s.state)).toEqual(shipped.map(() => 'pending'));
        expect(fresh.plan).toEqual(shipped.map(planned('up')));

        await withMigrator(db, shipped.slice(0, 1), up);
        const before = await db.dump();
        const later = await withMigrator(db, shipped, async (m) => ({
          status: await m.status(),
          plan: await m.plan(),
          planDown: await m.planDown(),
        }));
        expect(await db.dump()).toEqual(before);
        expect(later.status.map((s) => [s.version, s.state])).toEqual(shipped.map((m, i) => [m.version, i === 0 ? 'applied' : 'pending']));
        expect(later.plan).toEqual(shipped.slice(1).map(planned('up')));
        expect(later.planDown).toEqual([planned('down')(shipped[0]!)]);
      });
    });

    describe('down', () => {
      it('up, down to 0, up again gives the schema of a straight up', async () => {
        const straight = await options.create();
        await withMigrator(straight, shipped, up);
        const round = await options.create();
        await withMigrator(round, shipped, up);
        const reverted = await withMigrator(round, shipped, (m) => m.down({ to: '0' }));
        expect(outcomes(reverted)).toEqual([...shipped].reverse().map((m) => [m.version, 'reverted']));
        expect((await round.dump()).ledger).toEqual([]);
        expect(outcomes(await withMigrator(round, shipped, up))).toEqual(shipped.map((m) => [m.version, 'applied']));

        const [expected, actual] = [await straight.dump(), await round.dump()];
        expect(actual.schema).toEqual(expected.schema);
        expect(ledgerOf(actual)).toEqual(ledgerOf(expected));
      });

      it('down reverts only the last applied migration, and each removes its own ledger row', async () => {
        const db = await migratedTo(shipped.length);
        for (let count = shipped.length - 1; count >= 0; count--) {
          const results = await withMigrator(db, shipped, (m) => m.down());
          expect(outcomes(results)).toEqual([[shipped[count]!.version, 'reverted']]);
          const dump = await db.dump();
          expect(versionsOf(dump)).toEqual(shipped.slice(0, count).map((m) => m.version));
          expect(dump.schema).toEqual((await (await migratedTo(count)).dump()).schema);
        }
      });

      it('refuses to revert past a migration without down before reverting anything', async () => {
        const [first, second, ...rest] = shipped;
        const { down: _, ...withoutDown } = second!;
        const migrations = [first!, withoutDown, ...rest];
        const db = await options.create();
        await withMigrator(db, migrations, up);
        const before = await db.dump();
        const error = await rejection(withMigrator(db, migrations, (m) => m.down({ to: '0' })));
        expectCode(error, ErrorCode.MigrationDefinition);
        expect(error.message).toBe(`cannot revert migration(s) ${second!.version}: no down; nothing was reverted`);
        expect(await db.dump()).toEqual(before);
      });
    });

    describe('checksums', () => {
      it('records the SHA-256 of every applied migration', async () => {
        const db = await migratedTo(shipped.length);
        const { ledger } = await db.dump();
        expect(ledger.map((row) => row.checksum)).toEqual(shipped.map(checksum));
        for (const row of ledger) expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      });

      it('does not count CRLF line endings or trailing white space as drift', async () => {
        const db = await migratedTo(shipped.length - 1);
        const resaved = shipped.map((m) => ({ ...m, up: `${(m.up as string).replace(/\n/g, ' \t \r\n')}\r\n\r\n` }));
        const status = await withMigrator(db, resaved, (m) => m.status());
        expect(status.map((s) => [s.version, s.state, s.drift ?? false])).toEqual(
          shipped.map((m, i) => [m.version, i < shipped.length - 1 ? 'applied' : 'pending', false]),
        );
        expect(outcomes(await withMigrator(db, resaved, up))).toEqual([[last, 'applied']]);
        expect((await db.dump()).ledger.map((row) => row.checksum)).toEqual(shipped.map(checksum));
      });

      it('refuses drift without changing anything, and runs again once repair accepted the new text', async () => {
        const db = await migratedTo(2);
        const edited = shipped.map((m, i) => (i === 1 ? { ...m, up: `${m.up as string}\n-- edited after it was applied` } : m));
        const drifted = edited[1]!;
        const before = await db.dump();
        const error = await rejection(withMigrator(db, edited, up));
        expectCode(error, ErrorCode.Drift);
        expect(error.versions).toEqual([drifted.version]);
        expectCode(await rejection(withMigrator(db, edited, (m) => m.plan())), ErrorCode.Drift);
        expect(await db.dump()).toEqual(before);
        const status = await withMigrator(db, edited, (m) => m.status());
        expect(status.map((s) => s.drift ?? false)).toEqual(shipped.map((_, i) => i === 1));

        const repaired = await withMigrator(db, edited, (m) => m.repair());
        expect(repaired).toEqual([{ version: drifted.version, description: drifted.description, previous: checksum(shipped[1]!), checksum: checksum(drifted) }]);
        expect((await db.dump()).ledger.map((row) => row.checksum)).toEqual([checksum(shipped[0]!), checksum(drifted)]);
        expect(outcomes(await withMigrator(db, edited, up))).toEqual(shipped.slice(2).map((m) => [m.version, 'applied']));
        expect((await withMigrator(db, edited, (m) => m.status())).filter((s) => s.drift)).toEqual([]);
      });

      it('takes a ledger row of an earlier release (no checksum column) as applied, never as drift, and adds the column on the next write', async () => {
        const db = await options.createLegacy();
        const before = await db.dump();
        expect(versionsOf(before)).toEqual([shipped[0]!.version]);
        expect(Object.keys(before.ledger[0]!)).not.toContain('checksum');
        const status = await withMigrator(db, shipped, (m) => m.status());
        expect(status.map((s) => [s.version, s.state, s.drift ?? false])).toEqual(shipped.map((m, i) => [m.version, i === 0 ? 'applied' : 'pending', false]));
        expect(await db.dump()).toEqual(before);

        expect(outcomes(await withMigrator(db, shipped, up))).toEqual(shipped.slice(1).map((m) => [m.version, 'applied']));
        const { ledger } = await db.dump();
        expect(ledger.map((row) => row.checksum)).toEqual([null, ...shipped.slice(1).map(checksum)]);
        expect((await withMigrator(db, shipped, (m) => m.status())).filter((s) => s.drift)).toEqual([]);
        const repaired = await withMigrator(db, shipped, (m) => m.repair());
        expect(repaired).toEqual([{ version: shipped[0]!.version, description: shipped[0]!.description, previous: null, checksum: checksum(shipped[0]!) }]);
        expect((await db.dump()).ledger.map((row) => row.checksum)).toEqual(shipped.map(checksum));
      });
    });

    it('refuses a database that a newer release migrated, changing nothing, and lists the version as unknown', async () => {
      const db = await migratedTo(shipped.length);
      await db.exec(
        `INSERT INTO schema_migrations (version, description, applied_at, checksum) VALUES ('${after(1)}', 'From a newer release', ${sql.appliedAt}, NULL)`,
      );
      const before = await db.dump();
      for (const command of [up, (m: Migrator) => m.plan(), (m: Migrator) => m.down()] as ((m: Migrator) => Promise<unknown>)[]) {
        const error = await rejection(withMigrator(db, shipped, command));
        expectCode(error, ErrorCode.DatabaseAhead);
        expect(error.versions).toEqual([after(1)]);
      }
      expect(await db.dump()).toEqual(before);
      const status = await withMigrator(db, shipped, (m) => m.status());
      expect(status.at(-1)).toMatchObject({ version: after(1), description: 'From a newer release', state: 'unknown' });
      expect(status.map((s) => s.state)).toEqual([...shipped.map(() => 'applied'), 'unknown']);
    });

    describe(`data migrations over ${ROWS} rows`, () => {
      const items: Migration = {
        version: after(1),
        description: 'Items to migrate',
        up: `CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
${sql.fillItems(ROWS)}`,
        down: 'DROP TABLE items;',
      };
      const mismatches = async (db: EngineDatabase, expected: string) => {
        const [row] = await db.query<{ total: number | string; wrong: number | string }>(
          `SELECT COUNT(*) AS total, SUM(CASE WHEN n = ${expected} THEN 0 ELSE 1 END) AS wrong FROM items`,
        );
        return [Number(row!.total), Number(row!.wrong)];
      };

      /** Fails at FAIL_AT when asked: nothing of the run (nor its ledger row) may stay. */
      async function failThenSucceed(db: EngineDatabase, migration: (failAt?: number) => Migration, expected: string): Promise<void> {
        await withMigrator(db, [...shipped, items], up);
        const before = await db.dump();
        const error = await rejection(withMigrator(db, [...shipped, items, migration(FAIL_AT)], up));
        expectCode(error, ErrorCode.Migration);
        expect(error.version).toBe(after(2));
        expect(error.message).toContain(`migration ${after(2)} (${migration().description}) failed: injected failure at row ${FAIL_AT}`);
        expect(await db.dump()).toEqual(before);

        const events: MigrationEvent[] = [];
        const results = await withMigrator(db, [...shipped, items, migration()], up, (event) => events.push(event));
        expect(outcomes(results)).toEqual([[after(2), 'applied']]);
        expectProgress(events, after(2), ROWS);
        expect(await mismatches(db, expected)).toEqual([ROWS, 0]);
        expect((await db.dump()).ledger.at(-1)).toMatchObject({ version: after(2), checksum: migration().checksum });
      }

      it('updateInBatches updates every row with monotone progress, and a failure at a row leaves nothing', { timeout: 180_000 }, async () => {
        const doubling = (failAt?: number): Migration => ({
          version: after(2),
          description: 'Double every n',
          checksum: 'double-n-v1',
          up: async (context) => {
            await context.updateInBatches<{ id: number; n: number }>('items', (row) => {
              if (Number(row.id) === failAt) throw new Error(`injected failure at row ${failAt}`);
              return { n: Number(row.n) * 2 };
            });
          },
        });
        await failThenSucceed(await options.create(), doubling, 'id * 2');
      });

      it('batches with run update every row with monotone progress, and a failure at a batch leaves nothing', { timeout: 180_000 }, async () => {
        const incrementing = (failAt?: number): Migration => ({
          version: after(2),
          description: 'Increment every n by batch',
          checksum: 'increment-n-v1',
          up: async (context) => {
            const p = context.placeholder;
            for await (const rows of context.batches<{ id: number }>('items', { columns: ['id'], batchSize: 2500 })) {
              const [first, end] = [Number(rows[0]!.id), Number(rows.at(-1)!.id)];
              if (failAt !== undefined && first <= failAt && failAt <= end) throw new Error(`injected failure at row ${failAt}`);
              await context.run(`UPDATE items SET n = n + 1 WHERE id >= ${p(1)} AND id <= ${p(2)}`, [first, end]);
            }
          },
        });
        await failThenSucceed(await options.create(), incrementing, 'id + 1');
      });
    });

    it('runs a transaction: false migration statement by statement and says how far a failure got', async () => {
      const db = await migratedTo(shipped.length);
      const migration: Migration = {
        version: after(1),
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
      const error = await rejection(withMigrator(db, [...shipped, migration], up));
      expectCode(error, ErrorCode.Migration);
      expect(error.partial).toEqual({ statementsApplied: 2, statementsTotal: 4, failedAtLine: 5 });
      expect(error.message).toContain(`migration ${after(1)} (Outside a transaction) failed at its statement 3 of 4 (line 5): `);
      expect(error.hint).toContain('it ran outside a transaction, so its first 2 statement(s) stay applied and it is not recorded');
      expect(await db.query('SELECT id FROM opted_out')).toEqual([{ id: 1 }]);
      expect(await tableExists(db, 'never_reached')).toBe(false);
      expect(versionsOf(await db.dump())).toEqual(shipped.map((m) => m.version));
    });

    it('lint has the database parse every migration, up and down, without touching the database', async () => {
      const db = await migratedTo(shipped.length);
      const typoUp: Migration = { version: after(1), description: 'Typo in up', up: 'CREAT TABLE typo (id INTEGER);', down: 'DROP TABLE typo;' };
      const typoDown: Migration = { version: after(2), description: 'Typo in down', up: 'CREATE TABLE fine (id INTEGER);', down: 'DROP TABL fine;' };
      const oneWay: Migration = { version: after(3), description: 'No way back', up: 'CREATE TABLE one_way (id INTEGER);' };
      const before = await db.dump();
      const problems = await withMigrator(db, [...shipped, typoUp, typoDown, oneWay], (m) => m.lint());
      expect(await db.dump()).toEqual(before);
      const dialect = db.driver().dialect;
      expect(problems.filter((p) => p.rule === 'syntax')).toEqual([
        { version: after(1), rule: 'syntax', severity: 'error', message: expect.stringMatching(`^migration ${after(1)} \\(Typo in up\\) up does not run on ${dialect}: .*CREAT`) },
        { version: after(2), rule: 'syntax', severity: 'error', message: expect.stringMatching(`^migration ${after(2)} \\(Typo in down\\) down does not run on ${dialect}: .*TABL`) },
      ]);
      expect(problems.filter((p) => p.rule !== 'syntax')).toEqual([
        { version: after(3), rule: 'missing-down', severity: 'warning', message: expect.stringContaining('has no down') },
      ]);
      expect(await withMigrator(db, shipped, (m) => m.lint())).toEqual([]);
      expect(await db.dump()).toEqual(before);
    });

    it('baseline records migrations a database already has without running them, and refuses a missing table', async () => {
      const [first, second] = [shipped[0]!, shipped[1]!];
      const db = await options.create();
      await db.exec(first.up as string);
      // 001 creates it with IF NOT EXISTS: it comes back if 001 runs.
      await db.exec(sql.dropIndex('idx_conversations_updated_at', 'conversations'));
      const before = await db.dump();
      const error = await rejection(withMigrator(db, shipped, (m) => m.baseline(second.version)));
      expectCode(error, ErrorCode.Baseline);
      expect(error.message).toContain('table(s) user_preferences do not exist');
      expect(error.missingTables).toEqual(['user_preferences']);
      expect(await db.dump()).toEqual(before);

      const results = await withMigrator(db, shipped, (m) => m.baseline(first.version));
      expect(results).toEqual([{ version: first.version, description: first.description, outcome: 'baselined' }]);
      const baselined = await db.dump();
      expect(baselined.ledger.map((row) => [row.version, row.checksum])).toEqual([[first.version, checksum(first)]]);
      expect(JSON.stringify(baselined.schema)).not.toContain('idx_conversations_updated_at');
      expectCode(await rejection(withMigrator(db, shipped, (m) => m.baseline(second.version))), ErrorCode.Baseline);
      expect(await db.dump()).toEqual(baselined);
    });

    it('refuses a destructive migration that does not say so, changing nothing, and applies it when it does', async () => {
      const db = await migratedTo(shipped.length);
      await db.exec(`INSERT INTO user_preferences (id, user_id, settings) VALUES ('p1', 'u1', '{}')`);
      const dropping = (destructive: boolean): Migration => ({
        version: after(1),
        description: 'Drop user preferences',
        up: 'DROP TABLE user_preferences;',
        ...(destructive ? { destructive } : {}),
      });
      const before = await db.dump();
      const error = await rejection(withMigrator(db, [...shipped, dropping(false)], up));
      expectCode(error, ErrorCode.MigrationDefinition);
      expect(error.message).toContain('DROP TABLE deletes a table and its rows (line 1) destroys data: set "destructive: true"');
      expect(error.problems).toMatchObject([{ version: after(1), rule: 'destructive', severity: 'error', line: 1 }]);
      expect(await db.dump()).toEqual(before);

      expect(outcomes(await withMigrator(db, [...shipped, dropping(true)], up))).toEqual([[after(1), 'applied']]);
      expect(await tableExists(db, 'user_preferences')).toBe(false);
      expect(versionsOf(await db.dump())).toEqual([...shipped.map((m) => m.version), after(1)]);
    });
  });
}
