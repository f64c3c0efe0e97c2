import { ErrorCode, type InferError, Migrator, isInferError } from '@infer/core';
import { mysqlLockName as migrationLockName } from '@infer/core/kit';
import { afterAll, describe, expect, it } from 'vitest';
import { MariadbBackend, MariadbMigrationDriver, mariadbMigrations, parseMariadbConfig } from '../src/index.js';
import {
  SERVER,
  configFor,
  createDatabase,
  dropDatabases,
  mariadbEnabled,
  openConnection,
  queryRows,
} from './database.js';

/** Another session holding the migration lock, as a stuck `infer migrate` elsewhere would. */
async function holdLock(database: string) {
  const connection = await openConnection(database);
  const [rows] = await connection.query('SELECT CONNECTION_ID() AS id, GET_LOCK(?, 1) AS got', [
    migrationLockName(database),
  ]);
  const [row] = rows as { id: number; got: number }[];
  expect(row!.got).toBe(1);
  return { connection, id: Number(row!.id) };
}

const lockFree = async (database: string) =>
  (await queryRows<{ free: number }>(database, 'SELECT IS_FREE_LOCK(?) AS free', [migrationLockName(database)]))[0]!
    .free === 1;

describe.runIf(mariadbEnabled)('the MariaDB migration lock (GET_LOCK)', () => {
  afterAll(dropDatabases);

  it('gives up after lock_timeout with one line naming the holder and how to end it', async () => {
    const database = await createDatabase();
    const holder = await holdLock(database);
    const started = performance.now();
    const error = (await MariadbBackend.open({ config: configFor(database, { lock_timeout: 0.5 }) }).then(
      () => expect.fail('expected a lock timeout'),
      (e: unknown) => e,
    )) as InferError;
    const waited = performance.now() - started;
    await holder.connection.end();

    expect(isInferError(error, ErrorCode.LockTimeout)).toBe(true);
    expect(error.name).toBe('MariadbLockTimeoutError');
    expect(error.message).not.toContain('\n');
    expect(error.message).toMatch(
      new RegExp(
        `^the MariaDB migration lock on ${SERVER.host}:${SERVER.port}, database "${database}", was not free ` +
          `within 0\\.5 s: held by connection ${holder.id} \\(user "${SERVER.user}", client 127\\.0\\.0\\.1:\\d+, ` +
          'Sleep for \\d+ s\\)$',
      ),
    );
    expect(error.hint).toContain(`KILL ${holder.id}`);
    expect(waited).toBeGreaterThanOrEqual(450);
    expect(waited).toBeLessThan(15_000);
    expect(
      await queryRows(database, 'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()'),
    ).toEqual([]);
  });

  it('waits for a holder that lets go within the limit, then migrates', async () => {
    const database = await createDatabase();
    const holder = await holdLock(database);
    const started = performance.now();
    setTimeout(() => void holder.connection.end(), 800);
    const backend = await MariadbBackend.open({ config: configFor(database, { lock_timeout: 30 }) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(700);
    expect((await backend.migrationStatus()).map((s) => s.state)).toEqual(['applied', 'applied']);
    await backend.close();
  });

  it('is released when a run ends, whether it succeeded or failed, and is per database', async () => {
    const [database, other] = [await createDatabase(), await createDatabase()];
    const holder = await holdLock(other);
    const driver = MariadbMigrationDriver.open(parseMariadbConfig(configFor(database, { lock_timeout: 1 })));
    await new Migrator({ driver, migrations: mariadbMigrations }).up();
    expect(await lockFree(database)).toBe(true);
    const failing = [
      ...mariadbMigrations,
      { version: '003', description: 'Broken', up: 'SELECT * FROM missing_table' },
    ];
    await expect(new Migrator({ driver, migrations: failing }).up()).rejects.toThrow(/migration 003 \(Broken\) failed/);
    expect(await lockFree(database)).toBe(true);
    await driver.close();
    await holder.connection.end();
  });
});
