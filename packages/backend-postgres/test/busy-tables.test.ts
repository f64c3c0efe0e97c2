import { ErrorCode, type Migration, isInferError } from '@infer/core';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresBackend, postgresMigrations } from '../src/index.js';
import { holdConversations, lockWaitStarted } from './busy-table.js';
import {
  SERVER,
  createDatabase,
  dropDatabases,
  dumpDatabase,
  openClient,
  postgresEnabled,
  withClient,
} from './database.js';
import { migrate, thrown } from './migrator-runs.js';

/** ACCESS EXCLUSIVE on conversations: waits behind any open transaction that read it. */
const addColumn: Migration = {
  version: '004',
  description: 'Add a column',
  up: 'ALTER TABLE conversations ADD COLUMN reviewed BOOLEAN',
};

/** A new database with the shipped migrations applied. */
async function migratedDatabase(): Promise<string> {
  const database = await createDatabase();
  await migrate(database, postgresMigrations);
  return database;
}

const LOCK_TIMEOUT = 0.2;
const modes = ['session', 'transaction'] as const;

describe.runIf(postgresEnabled)('PostgreSQL migrations on a busy table', () => {
  afterAll(dropDatabases);

  it('lets a reader queued behind a waiting migration through after about one migration_lock_timeout', async () => {
    const database = await migratedDatabase();
    const holder = await holdConversations(database);
    const observer = await openClient(database);
    const reader = await openClient(database);
    try {
      const run = thrown(
        migrate(database, [...postgresMigrations, addColumn], {
          migration_lock_timeout: LOCK_TIMEOUT,
          migration_lock_retries: 0,
        }),
      );
      await lockWaitStarted(observer);
      const started = performance.now();
      await reader.query('SELECT count(*) FROM conversations');
      const waitedSeconds = (performance.now() - started) / 1000;
      // Without lock_timeout it would wait as long as the holder's transaction, which is still open.
      expect(waitedSeconds).toBeLessThan(LOCK_TIMEOUT + 0.5);
      expect(isInferError(await run, ErrorCode.LockTimeout)).toBe(true);
      const { rows } = await observer.query('SELECT state FROM pg_stat_activity WHERE pid = $1', [holder.pid]);
      expect(rows).toEqual([{ state: 'idle in transaction' }]);
    } finally {
      await Promise.all([holder.release(), observer.end(), reader.end()]);
    }
  });

  it.each(modes)('retries a migration from its start until the holder lets go (lock_mode %s)', async (lock_mode) => {
    const database = await migratedDatabase();
    const holder = await holdConversations(database);
    const letGo = setTimeout(() => void holder.release(), LOCK_TIMEOUT * 3 * 1000);
    try {
      const results = await migrate(database, [...postgresMigrations, addColumn], {
        lock_mode,
        migration_lock_timeout: LOCK_TIMEOUT,
        migration_lock_retries: 8,
      });
      expect(results.map((r) => r.outcome)).toEqual(['applied']);
    } finally {
      clearTimeout(letGo);
      await holder.release();
    }
    const { ledger, dump } = await dumpDatabase(database, { schemaOnly: true });
    expect(ledger.map((row) => (row as { version: string }).version)).toEqual(['001', '002', '003', '004']);
    expect(dump).toMatch(/reviewed boolean/);
  });

  it.each(modes)(
    'fails with exit 10 naming the holder when the retries run out, applying nothing (lock_mode %s)',
    async (lock_mode) => {
      const database = await migratedDatabase();
      const before = await dumpDatabase(database);
      const holder = await holdConversations(database, 'nightly-report');
      let error: unknown;
      try {
        error = await thrown(
          migrate(database, [...postgresMigrations, addColumn], {
            lock_mode,
            migration_lock_timeout: LOCK_TIMEOUT,
            migration_lock_retries: 2,
          }),
        );
      } finally {
        await holder.release();
      }
      expect(isInferError(error, ErrorCode.LockTimeout)).toBe(true);
      const { message, hint } = error as { message: string; hint: string };
      expect(message).toMatch(
        new RegExp(
          /^migration 004 \(Add a column\) could not get a lock in PostgreSQL at [^ ]+, database "\w+" /.source +
            `within 0\\.2 s, on each of 3 attempts: blocked by pid ${holder.pid} \\(application "nightly-report", ` +
            `user "${SERVER.user}", idle in transaction, in a transaction for \\d+ s, ` +
            /query "SELECT count\(\*\) FROM conversations WHERE title IS NOT NULL"\); /.source +
            /nothing of it was applied$/.source,
        ),
      );
      expect(hint).toContain(`SELECT pg_terminate_backend(${holder.pid})`);
      expect(hint).toContain('migration_lock_timeout or migration_lock_retries');
      expect(await dumpDatabase(database)).toEqual(before);
    },
  );

  it('gives a migration outside a transaction lock_timeout per statement, without retrying it', async () => {
    const database = await migratedDatabase();
    const concurrently: Migration = {
      version: '004',
      description: 'Index titles',
      up: 'CREATE INDEX CONCURRENTLY idx_titles ON conversations(title)',
      transaction: false,
    };
    const holder = await holdConversations(database);
    const started = performance.now();
    let error: unknown;
    try {
      error = await thrown(
        migrate(database, [...postgresMigrations, concurrently], {
          migration_lock_timeout: LOCK_TIMEOUT,
          migration_lock_retries: 5,
        }),
      );
    } finally {
      await holder.release();
    }
    // Five retries would take several seconds of pauses.
    expect((performance.now() - started) / 1000).toBeLessThan(2);
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(String(error)).toMatch(/failed at its statement 1 of 1 \(line 1\): canceling statement due to lock timeout/);
    // What PostgreSQL leaves of a CREATE INDEX CONCURRENTLY that gave up: an invalid index (see the README).
    expect((await dumpDatabase(database)).ledger).toHaveLength(3);
    const { rows } = await withClient(database, (c) =>
      c.query("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('idx_titles')"),
    );
    expect(rows).toEqual([{ indisvalid: false }]);
  });

  it("cancels a statement past its migration's statement_timeout, rolling the migration back", async () => {
    const database = await migratedDatabase();
    const before = await dumpDatabase(database);
    const slow: Migration = {
      version: '004',
      description: 'Slow',
      up: 'CREATE TABLE early (id INT); SELECT pg_sleep(5);',
      statementTimeout: 0.3,
    };
    const started = performance.now();
    const error = await thrown(migrate(database, [...postgresMigrations, slow]));
    expect((performance.now() - started) / 1000).toBeLessThan(3);
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(String(error)).toMatch(/migration 004 \(Slow\) failed: canceling statement due to statement timeout$/);
    expect(await dumpDatabase(database)).toEqual(before);
  });

  it('sets the limits for the migration only: none is left on a pooled connection, none by default', async () => {
    const database = await createDatabase();
    const probe = (version: string, extra: Partial<Migration>): Migration => ({
      version,
      description: `Probe ${version}`,
      up:
        `CREATE TABLE seen_${version} AS SELECT current_setting('lock_timeout') AS lock, ` +
        "current_setting('statement_timeout') AS statement",
      ...extra,
    });
    const migrations = [
      probe('004', {}),
      probe('005', { statementTimeout: 2 }),
      probe('006', { transaction: false, statementTimeout: 3 }),
    ];
    // One connection: the migrations ran on the very connection the application uses next.
    const client = new pg.Pool({ ...SERVER, database, max: 1 });
    try {
      const backend = await PostgresBackend.open({ client, config: { migration_lock_timeout: 0.25 }, migrations });
      await backend.close();
      const seen = async (version: string) => (await client.query(`SELECT * FROM seen_${version}`)).rows;
      expect(await seen('004')).toEqual([{ lock: '250ms', statement: '0' }]);
      expect(await seen('005')).toEqual([{ lock: '250ms', statement: '2s' }]);
      expect(await seen('006')).toEqual([{ lock: '250ms', statement: '3s' }]);
      const settings = await client.query(
        "SELECT current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS statement",
      );
      expect(settings.rows).toEqual([{ lock: '0', statement: '0' }]);
    } finally {
      await client.end();
    }
  });
});
