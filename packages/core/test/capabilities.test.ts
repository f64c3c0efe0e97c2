import { describe, expect, it } from 'vitest';
import { ConnectionError, DEFAULT_CAPABILITIES, Migrator, capabilitiesOf } from '../src/index.js';
import { BaseStorageBackend } from '../src/kit/index.js';
import { RecordingDriver, first } from './recording-driver.js';

class Declaring extends BaseStorageBackend {
  readonly type = 'declaring';
  constructor() {
    super({ ttl: true });
  }
  save = async () => {};
  load = async () => Promise.reject(new Error('unused'));
  list = async () => [];
  delete = async () => {};
  updateMetadata = async () => {};
  listNeedingTitles = async () => [];
  health = async () => {};
  onClose = async () => {};
}

/** The error of a run whose only migration fails with a lost connection, on a driver declaring `transactionalDdl`. */
async function lostConnection(transactionalDdl: boolean | undefined) {
  const driver = Object.assign(new RecordingDriver('a'), transactionalDdl === undefined ? {} : { transactionalDdl });
  driver.failure = () => new ConnectionError('the server closed the connection');
  return new Migrator({ driver, migrations: [first] }).up().then(
    () => expect.fail('expected a failure'),
    (error: { code: string; hint: string }) => error,
  );
}

describe('capabilities: one set of defaults, read by backends and the engine', () => {
  it('fills what a backend does not declare from DEFAULT_CAPABILITIES', () => {
    expect(DEFAULT_CAPABILITIES).toEqual({
      transactionalDdl: true,
      ttl: false,
      migrations: false,
      persistent: true,
      keysetPagination: false,
    });
    expect(capabilitiesOf({ persistent: false })).toEqual({ ...DEFAULT_CAPABILITIES, persistent: false });
    expect(Object.isFrozen(capabilitiesOf())).toBe(true);
    expect(new Declaring().capabilities).toEqual({ ...DEFAULT_CAPABILITIES, ttl: true });
  });

  it('the engine takes a driver that declares nothing as transactional DDL, the default', async () => {
    const undeclared = await lostConnection(undefined);
    expect(undeclared.code).toBe('E_CONNECTION');
    expect(undeclared.hint).toContain('was applied together with its ledger row or not at all');
    expect(await lostConnection(true)).toMatchObject({ code: undeclared.code, hint: undeclared.hint });
    const committing = await lostConnection(false);
    expect(committing.code).toBe('E_MIGRATION');
    expect(committing.hint).toContain('this database commits DDL at once');
  });
});
