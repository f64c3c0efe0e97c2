import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { Migrator } from '../migrations/migrator.js';
import { expectCode, ledgerOf, outcomes, planned, rejection, versionsOf, withMigrator } from './suite-support.js';
import type { SuiteContext } from './migration-group.js';

/** Dry runs, down, checksums and drift, a database ahead of the code. */
export function schemaGroups(context: SuiteContext): void {
  const { create, createLegacy, shipped, last, sql, laterVersion, up, checksum, migratedTo } = context;
  describe('dry run', () => {
    it('plan and status change nothing, and plan shows the exact SQL of every pending migration', async () => {
      const db = await create();
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
      expect(later.status.map((s) => [s.version, s.state])).toEqual(
        shipped.map((m, i) => [m.version, i === 0 ? 'applied' : 'pending']),
      );
      expect(later.plan).toEqual(shipped.slice(1).map(planned('up')));
      expect(later.planDown).toEqual([planned('down')(shipped[0]!)]);
    });
  });

  describe('down', () => {
    it('up, down to 0, up again gives the schema of a straight up', async () => {
      const straight = await create();
      await withMigrator(straight, shipped, up);
      const round = await create();
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
      const db = await create();
      await withMigrator(db, migrations, up);
      const before = await db.dump();
      const error = await rejection(withMigrator(db, migrations, (m) => m.down({ to: '0' })));
      expectCode(error, ErrorCode.MigrationDefinition);
      expect(error.message).toBe(`cannot revert migration ${second!.version}: no down; nothing was reverted`);
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
      const edited = shipped.map((m, i) =>
        i === 1 ? { ...m, up: `${m.up as string}\n-- edited after it was applied` } : m,
      );
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
      expect(repaired).toEqual([
        {
          version: drifted.version,
          description: drifted.description,
          previous: checksum(shipped[1]!),
          checksum: checksum(drifted),
        },
      ]);
      expect((await db.dump()).ledger.map((row) => row.checksum)).toEqual([checksum(shipped[0]!), checksum(drifted)]);
      expect(outcomes(await withMigrator(db, edited, up))).toEqual(shipped.slice(2).map((m) => [m.version, 'applied']));
      expect((await withMigrator(db, edited, (m) => m.status())).filter((s) => s.drift)).toEqual([]);
    });

    it("takes an earlier release's ledger row as applied, not drift; a write adds the checksum column", async () => {
      const db = await createLegacy();
      const before = await db.dump();
      expect(versionsOf(before)).toEqual([shipped[0]!.version]);
      expect(Object.keys(before.ledger[0]!)).not.toContain('checksum');
      const status = await withMigrator(db, shipped, (m) => m.status());
      expect(status.map((s) => [s.version, s.state, s.drift ?? false])).toEqual(
        shipped.map((m, i) => [m.version, i === 0 ? 'applied' : 'pending', false]),
      );
      expect(await db.dump()).toEqual(before);

      expect(outcomes(await withMigrator(db, shipped, up))).toEqual(
        shipped.slice(1).map((m) => [m.version, 'applied']),
      );
      const { ledger } = await db.dump();
      expect(ledger.map((row) => row.checksum)).toEqual([null, ...shipped.slice(1).map(checksum)]);
      expect((await withMigrator(db, shipped, (m) => m.status())).filter((s) => s.drift)).toEqual([]);
      const repaired = await withMigrator(db, shipped, (m) => m.repair());
      expect(repaired).toEqual([
        {
          version: shipped[0]!.version,
          description: shipped[0]!.description,
          previous: null,
          checksum: checksum(shipped[0]!),
        },
      ]);
      expect((await db.dump()).ledger.map((row) => row.checksum)).toEqual(shipped.map(checksum));
    });
  });

  it('refuses a database a newer release migrated, changing nothing, and lists the version as unknown', async () => {
    const db = await migratedTo(shipped.length);
    await db.exec(
      `INSERT INTO schema_migrations (version, description, applied_at, checksum) VALUES ('${laterVersion(1)}', ` +
        `'From a newer release', ${sql.appliedAt}, NULL)`,
    );
    const before = await db.dump();
    for (const command of [up, (m: Migrator) => m.plan(), (m: Migrator) => m.down()] as ((
      m: Migrator,
    ) => Promise<unknown>)[]) {
      const error = await rejection(withMigrator(db, shipped, command));
      expectCode(error, ErrorCode.DatabaseAhead);
      expect(error.versions).toEqual([laterVersion(1)]);
    }
    expect(await db.dump()).toEqual(before);
    const status = await withMigrator(db, shipped, (m) => m.status());
    expect(status.at(-1)).toMatchObject({
      version: laterVersion(1),
      description: 'From a newer release',
      state: 'unknown',
    });
    expect(status.map((s) => s.state)).toEqual([...shipped.map(() => 'applied'), 'unknown']);
  });
}
