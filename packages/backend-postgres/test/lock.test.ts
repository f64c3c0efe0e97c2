import { ErrorCode, type InferError, Migrator, isInferError } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MIGRATION_LOCK_KEY,
  PostgresBackend,
  PostgresMigrationDriver,
  parsePostgresConfig,
  postgresMigrations,
} from '../src/index.js';
import {
  SERVER,
  configFor,
  createDatabase,
  dropDatabases,
  dumpDatabase,
  openClient,
  postgresEnabled,
  withClient,
} from './database.js';

/** Another session holding the migration lock, as a stuck `infer migrate` elsewhere would. */
async function holdLock(database: string) {
  const client = await openClient(database, { application_name: 'infer-test-holder' });
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid, pg_advisory_lock($1::bigint)', [
    MIGRATION_LOCK_KEY.toString(),
  ]);
  return { client, pid: rows[0].pid as number };
}

async function advisoryLocks(database: string): Promise<number> {
  const { rows } = await withClient(database, (c) =>
    c.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM " +
        'pg_database WHERE datname = $1)',
      [database],
    ),
  );
  return rows[0].n;
}

describe.runIf(postgresEnabled)('the PostgreSQL migration lock', () => {
  afterAll(dropDatabases);

  it.each(['session', 'transaction'] as const)(
    'gives up after lock_timeout with one line naming the holder (lock_mode %s)',
    async (lockMode) => {
      const database = await createDatabase();
      const holder = await holdLock(database);
      const started = performance.now();
      const error = (await PostgresBackend.open({
        config: configFor(database, { lock_mode: lockMode, lock_timeout: 0.5 }),
      }).then(
        () => expect.fail('expected a lock timeout'),
        (e: unknown) => e,
      )) as InferError;
      const waited = performance.now() - started;
      await holder.client.end();

      expect(isInferError(error, ErrorCode.LockTimeout)).toBe(true);
      expect(error.name).toBe('MigrationLockTimeoutError');
      expect(error.message).not.toContain('\n');
      expect(error.message).toContain(
        `${SERVER.host}:${SERVER.port}, database "${database}", was not free within 0.5 s`,
      );
      expect(error.message).toMatch(
        new RegExp(
          `held by pid ${holder.pid} \\(application "infer-test-holder", client 127\\.0\\.0\\.1:\\d+, user ` +
            `"${SERVER.user}", connected since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, idle since [\\d:.TZ-]+\\)$`,
        ),
      );
      expect(error.hint).toContain(`SELECT pg_terminate_backend(${holder.pid})`);
      expect(waited).toBeGreaterThanOrEqual(450);
      expect(waited).toBeLessThan(15_000);
      expect((await dumpDatabase(database)).ledger).toEqual([]);
    },
  );

  it('waits for a holder that lets go within the limit, then migrates', async () => {
    const database = await createDatabase();
    const holder = await holdLock(database);
    const started = performance.now();
    setTimeout(() => void holder.client.end(), 800);
    const backend = await PostgresBackend.open({ config: configFor(database, { lock_timeout: 30 }) });
    expect(performance.now() - started).toBeGreaterThanOrEqual(700);
    expect((await backend.migrationStatus()).map((s) => s.state)).toEqual(['applied', 'applied', 'applied']);
    await backend.close();
  });

  it('is released when a run ends, whether it succeeded or failed', async () => {
    const database = await createDatabase();
    const driver = PostgresMigrationDriver.open(parsePostgresConfig(configFor(database)));
    await new Migrator({ driver, migrations: postgresMigrations }).up();
    expect(await advisoryLocks(database)).toBe(0);
    const failing = [
      ...postgresMigrations,
      { version: '004', description: 'Broken', up: 'SELECT * FROM missing_table' },
    ];
    await expect(new Migrator({ driver, migrations: failing }).up()).rejects.toThrow(/migration 004 \(Broken\) failed/);
    expect(await advisoryLocks(database)).toBe(0);
    await driver.close();
  });

  it("leaves the session's own lock_timeout alone for the migrations themselves", async () => {
    const database = await createDatabase();
    const probe = {
      version: '004',
      description: 'Record lock_timeout',
      up: "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS value",
    };
    const driver = PostgresMigrationDriver.open(parsePostgresConfig(configFor(database, { lock_timeout: 0.5 })));
    await new Migrator({ driver, migrations: [...postgresMigrations, probe] }).up();
    await driver.close();
    expect((await withClient(database, (c) => c.query('SELECT value FROM seen'))).rows).toEqual([{ value: '0' }]);
  });
});
