import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, Migrator, isInferError } from '../src/index.js';
import { checkMigrations, validateMigrations } from '../src/migrations/validate.js';
import { RecordingDriver, first, migrations, second } from './recording-driver.js';

// Counts the definition checks of the engine, which imports this module like the test does.
vi.mock('../src/migrations/validate.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/migrations/validate.js')>();
  return {
    ...actual,
    checkMigrations: vi.fn(actual.checkMigrations),
    validateMigrations: vi.fn(actual.validateMigrations),
  };
});

describe('the definitions of a migration list', () => {
  it('are checked once per migrator, whatever it runs: not again by the inspection or the pre-run lint', async () => {
    vi.mocked(checkMigrations).mockClear();
    const driver = new RecordingDriver();
    const migrator = new Migrator({ driver, migrations: [...migrations].reverse() });
    expect(checkMigrations).not.toHaveBeenCalled();
    expect((await migrator.plan()).map((step) => step.version)).toEqual(['001', '002', '003']);
    expect((await migrator.up()).map((result) => result.version)).toEqual(['001', '002', '003']);
    expect((await migrator.status()).map((entry) => entry.state)).toEqual(['applied', 'applied', 'applied']);
    expect(await migrator.repair()).toEqual([]);
    expect(checkMigrations).toHaveBeenCalledTimes(1);
    expect(validateMigrations).not.toHaveBeenCalled();
  });

  it('refuse every command of a bad list before the driver is touched, from that one check', async () => {
    vi.mocked(checkMigrations).mockClear();
    const driver = new RecordingDriver();
    const migrator = new Migrator({ driver, migrations: [first, { ...second, version: '1' }] });
    for (const command of [() => migrator.up(), () => migrator.status(), () => migrator.plan()]) {
      const error = await command().catch((e: unknown) => e);
      expect(isInferError(error, ErrorCode.MigrationDefinition), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/^duplicate migration version: "001" \(First\) and "1"/);
    }
    expect(driver.calls).toEqual([]);
    expect(checkMigrations).toHaveBeenCalledTimes(1);
  });
});
