import { describe, expect, it } from 'vitest';
import { ErrorCode, isInferError, type Migration, Migrator } from '../src/index.js';
import { RecordingDriver } from './recording-driver.js';

/** A driver whose tables all exist, counting how many existence checks are in flight at once. */
class CountingDriver extends RecordingDriver {
  readonly checked: string[] = [];
  mostAtOnce = 0;
  #inFlight = 0;
  override async tableExists(table: string) {
    this.checked.push(table);
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.#inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.#inFlight--;
    return true;
  }
}

const threeTables: Migration = {
  version: '001',
  description: 'Three tables',
  up: 'CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\nCREATE TABLE c (id INTEGER);\n',
  down: 'DROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n',
};

describe('a database with no ledger whose tables already exist', () => {
  it('is refused, its tables checked one at a time (a driver may answer on one connection)', async () => {
    const driver = new CountingDriver();
    const error = await new Migrator({ driver, migrations: [threeTables] }).up().catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.Baseline)).toBe(true);
    expect(driver.checked).toEqual(['a', 'b', 'c']);
    expect(driver.mostAtOnce).toBe(1);
  });
});
