import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors.js';
import type { Migrator } from '../migrations/migrator.js';
import type { BackendSuiteOptions, LockOptions } from './backend-suite.js';
import { SUITE_MIGRATIONS } from './suite-migrations.js';
import { driversOf, expectCode, rejection, tableExists, withMigrator } from './suite-support.js';

const up = (m: Migrator) => m.up();

/** The migration lock against another session holding it: the wait, its limit, and its release. */
export function lockGroup<Section extends object, Config>(options: BackendSuiteOptions<Section, Config>): void {
  const lock = options.lock as LockOptions<Section>;
  const variants = options.lockVariants ?? [{}];
  /** A new database, its lock wait `seconds`. */
  const database = async (variant: Partial<Section>, seconds: number) => {
    const section = { ...(await options.newStorage()), ...variant, [lock.timeoutKey]: seconds } as Section;
    return { section, db: driversOf(options, section) };
  };

  describe.each(variants.map((variant) => [JSON.stringify(variant), variant] as const))('settings %s', (_, variant) => {
    it('gives up after the lock wait with one line naming the holder, having changed nothing', async () => {
      const { section, db } = await database(variant, 0.5);
      const holder = await lock.hold(section);
      const started = performance.now();
      const error = await rejection(withMigrator(db, SUITE_MIGRATIONS, up));
      const waited = performance.now() - started;
      await holder.release();
      expectCode(error, ErrorCode.LockTimeout);
      expect(error.message).not.toContain('\n');
      expect(error.message, 'the message names the wait').toContain('0.5 s');
      if (holder.describedBy) expect(error.message).toMatch(holder.describedBy);
      if (holder.hint) expect(error.hint).toMatch(holder.hint);
      expect(waited).toBeGreaterThanOrEqual(450);
      expect(waited).toBeLessThan(15_000);
      expect(await tableExists(db, 'suite_items')).toBe(false);
      expect(await lock.isFree(section)).toBe(true);
    });

    it('waits for a holder that lets go within the limit, then migrates', async () => {
      const { section, db } = await database(variant, 30);
      const holder = await lock.hold(section, 800);
      setTimeout(() => void holder.release(), 800);
      const started = performance.now();
      const results = await withMigrator(db, SUITE_MIGRATIONS, up);
      expect(performance.now() - started).toBeGreaterThanOrEqual(700);
      expect(results.map((r) => r.outcome)).toEqual(SUITE_MIGRATIONS.map(() => 'applied'));
    });

    it('is released when a run ends, whether it succeeded or failed', async () => {
      const { section, db } = await database(variant, 5);
      await withMigrator(db, SUITE_MIGRATIONS, up);
      expect(await lock.isFree(section)).toBe(true);
      const broken = { version: '004', description: 'Broken', up: 'SELECT * FROM suite_missing' };
      const error = await rejection(withMigrator(db, [...SUITE_MIGRATIONS, broken], up));
      expect(error.message).toMatch(/migration 004 \(Broken\) failed/);
      expect(await lock.isFree(section)).toBe(true);
    });
  });
}
