import { ErrorCode, Migrator, isInferError } from '@infer/core';
import { conversation, minimal, rejection } from '@infer/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIGRATION_LOCK_KEY,
  PostgresBackend,
  PostgresMigrationDriver,
  parsePostgresConfig,
  postgresMigrations,
} from '../src/index.js';
import {
  SERVER,
  ThrowawayPgBouncer,
  configFor,
  createDatabase,
  dropDatabases,
  openClient,
  postgresEnabled,
} from './database.js';
import { advisoryLocks } from './suite-options.js';

// Transaction pooling over ONE server connection that PgBouncer never resets: whatever a client
// leaves in its session (a setting, a prepared statement, a temporary table, a lock) the next
// client of that database finds there.
let pgbouncer: ThrowawayPgBouncer;
beforeAll(async () => {
  if (postgresEnabled) {
    pgbouncer = await ThrowawayPgBouncer.start({ server: SERVER, poolSize: 1, serverResetQuery: '' });
  }
});
afterAll(async () => {
  await pgbouncer?.stop();
  await dropDatabases();
});

/** What a client sees of its session, through PgBouncer or directly. */
async function sessionOf(client: pg.Client) {
  const { rows } = await client.query(
    `SELECT pg_backend_pid() AS pid, current_setting('lock_timeout') AS lock_timeout,
            current_setting('statement_timeout') AS statement_timeout, current_setting('search_path') AS search_path,
            (SELECT count(*)::int FROM pg_prepared_statements) AS prepared,
            pg_my_temp_schema() <> 0 AS temporary,
            (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks`,
  );
  return rows[0] as Record<string, unknown>;
}

/** A client of `database` through PgBouncer, on its one server connection. */
async function throughPgBouncer(database: string): Promise<pg.Client> {
  const client = new pg.Client({ host: pgbouncer.host, port: pgbouncer.port, user: SERVER.user, database });
  await client.connect();
  return client;
}

describe.runIf(postgresEnabled)('PostgreSQL through PgBouncer leaves no session state behind', () => {
  it('after migrate, a lock wait that gave up, lint, status and every conversation operation', async () => {
    const database = await createDatabase();
    const config = parsePostgresConfig(configFor(database, { host: pgbouncer.host, port: pgbouncer.port }));
    const direct = await openClient(database);
    const defaults = { ...(await sessionOf(direct)), pid: expect.any(Number) };
    // The one server connection, opened before anything else runs through it.
    const first = await throughPgBouncer(database);
    await first.end();

    const driver = PostgresMigrationDriver.open(config);
    const migrator = new Migrator({ driver, migrations: postgresMigrations });
    await migrator.up();
    await migrator.lint();
    await migrator.status();
    await driver.close();
    await direct.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
    const later = { version: '004', description: 'Later', up: 'CREATE TABLE later (id INTEGER)' };
    const waiting = PostgresMigrationDriver.open({ ...config, lock_timeout: 0.3 });
    const error = await rejection(new Migrator({ driver: waiting, migrations: [...postgresMigrations, later] }).up());
    expect(isInferError(error, ErrorCode.LockTimeout)).toBe(true);
    await waiting.close();
    await direct.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);

    const backend = await PostgresBackend.open({ config });
    await backend.save(conversation('full'));
    await backend.save(minimal('plain', '2026-01-01T00:00:00Z'));
    await backend.load('full');
    await backend.list({ limit: 10 });
    await backend.listNeedingTitles(10);
    await backend.updateMetadata('plain', { ...minimal('plain', '2026-01-02T00:00:00Z').metadata, title: 'Named' });
    await backend.delete('plain');
    await backend.health();
    await backend.migrationStatus();
    await backend.close();

    const fresh = await throughPgBouncer(database);
    try {
      // Usually the same server connection as before. PgBouncer may have replaced it (it closes one
      // that a client left while a statement was under way): the session state then went with it.
      expect(await sessionOf(fresh)).toEqual(defaults);
    } finally {
      await fresh.end();
      await direct.end();
    }
    expect(await advisoryLocks(database)).toBe(0);
  });

  it('sends PgBouncer no startup parameter it refuses (it has no ignore_startup_parameters)', async () => {
    const database = await createDatabase();
    const refused = new pg.Client({ ...pgbouncer, user: SERVER.user, database, statement_timeout: 1000 });
    await expect(refused.connect()).rejects.toThrow(/unsupported startup parameter/);
    const config = configFor(database, { host: pgbouncer.host, port: pgbouncer.port, ssl_mode: 'prefer' });
    const backend = await PostgresBackend.open({ config });
    await backend.health();
    await backend.close();
  });
});
