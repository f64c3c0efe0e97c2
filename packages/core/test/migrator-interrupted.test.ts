import { describe, expect, it } from 'vitest';
import { Migrator } from '../src/index.js';
import { RecordingDriver, first, migrations } from './recording-driver.js';

/** A stop requested before the first migration: the error says none ran, worded for one and for many. */
describe('a run stopped before its first migration', () => {
  const stopped = () => AbortSignal.abort();

  it('names the only migration when there is one', async () => {
    const driver = new RecordingDriver();
    await expect(new Migrator({ driver, migrations: [first] }).up({ signal: stopped() })).rejects.toMatchObject({
      code: 'E_INTERRUPTED',
      message: `interrupted before migration ${first.version}, the only one; it was not applied`,
    });
    expect(driver.calls).not.toContain('exec a');
  });

  it('counts them when there are several', async () => {
    const driver = new RecordingDriver();
    await expect(new Migrator({ driver, migrations }).up({ signal: stopped() })).rejects.toMatchObject({
      code: 'E_INTERRUPTED',
      message: `interrupted before the first of ${migrations.length} migrations; none was applied`,
    });
  });
});
