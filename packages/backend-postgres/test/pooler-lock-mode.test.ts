import { type AddressInfo, connect, createServer } from 'node:net';
import { ErrorCode, type Migration, Migrator, isInferError } from '@infer/core';
import { rejection } from '@infer/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIGRATION_LOCK_KEY,
  PostgresBackend,
  PostgresMigrationDriver,
  type PostgresConfigInput,
  parsePostgresConfig,
  postgresMigrations,
} from '../src/index.js';
import { executorOf } from '../src/connection.js';
import { assertLockHeldHere } from '../src/pooler.js';
import {
  type PoolMode,
  SERVER,
  ThrowawayPgBouncer,
  configFor,
  createDatabase,
  dropDatabases,
  postgresEnabled,
  withClient,
} from './database.js';
import { advisoryLocks } from './suite-options.js';

// One PgBouncer of each pool mode for the whole file, each with two server connections per database.
const bouncers = new Map<PoolMode, ThrowawayPgBouncer>();
beforeAll(async () => {
  if (!postgresEnabled) return;
  for (const poolMode of ['transaction', 'session', 'statement'] as const) {
    bouncers.set(poolMode, await ThrowawayPgBouncer.start({ server: SERVER, poolMode, poolSize: 2 }));
  }
});
afterAll(async () => {
  for (const pgbouncer of bouncers.values()) await pgbouncer.stop();
  await dropDatabases();
});

/** A new database, reached through the PgBouncer of `poolMode` with `extra` settings. */
async function through(poolMode: PoolMode, extra: PostgresConfigInput = {}) {
  const { host, port } = bouncers.get(poolMode)!;
  const database = await createDatabase();
  return { database, config: parsePostgresConfig(configFor(database, { host, port, ...extra })) };
}

/** `infer migrate` on `config`: the results, the migration locks held while it ran, and how it locked. */
async function migrate(database: string, config: PostgresConfigInput, migrations: readonly Migration[] = []) {
  const driver = PostgresMigrationDriver.open(parsePostgresConfig(config));
  let locksWhileRunning: number | undefined;
  try {
    const migrator = new Migrator({ driver, migrations: [...postgresMigrations, ...migrations] });
    const results = await migrator.up({
      beforeRun: async () => {
        locksWhileRunning = await advisoryLocks(database);
      },
    });
    return { outcomes: results.map((r) => r.outcome), locksWhileRunning, exclusiveRun: driver.exclusiveRun };
  } finally {
    await driver.close();
  }
}

/** Nothing written and no lock left: as before the run. */
async function expectUntouched(database: string): Promise<void> {
  const { rows } = await withClient(database, (c) => c.query("SELECT to_regclass('schema_migrations') AS ledger"));
  expect(rows).toEqual([{ ledger: null }]);
  expect(await advisoryLocks(database)).toBe(0);
}

/** A TCP proxy to the shared server that passes every connection through whole, counting them. */
async function passThrough() {
  let connections = 0;
  const proxy = createServer((socket) => {
    connections++;
    const server = connect(SERVER.port, SERVER.host);
    socket.pipe(server).pipe(socket);
    const cut = () => {
      socket.destroy();
      server.destroy();
    };
    socket.on('error', cut);
    server.on('error', cut);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise((resolve) => proxy.close(resolve)),
  };
}

const concurrently: Migration = {
  version: '004',
  description: 'Index titles concurrently',
  transaction: false,
  up: 'CREATE INDEX CONCURRENTLY idx_titles ON conversations (title);',
};

describe.runIf(postgresEnabled)('lock_mode auto, session and transaction behind a pooler', () => {
  it('auto without a pooler: the session lock, learnt in one query, with no connection of its own', async () => {
    const database = await createDatabase();
    const proxy = await passThrough();
    try {
      const run = await migrate(database, configFor(database, { port: proxy.port, ssl_mode: 'disable' }));
      expect(run).toEqual({ outcomes: ['applied', 'applied', 'applied'], locksWhileRunning: 1, exclusiveRun: true });
      expect(proxy.connections()).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('auto behind transaction pooling, and behind session pooling: transaction locks, none held between', async () => {
    for (const poolMode of ['transaction', 'session'] as const) {
      const { database, config } = await through(poolMode);
      const run = await migrate(database, config);
      expect(run, poolMode).toEqual({
        outcomes: ['applied', 'applied', 'applied'],
        locksWhileRunning: 0,
        exclusiveRun: false,
      });
    }
  });

  it('session behind session pooling: the session lock, and a migration outside a transaction runs', async () => {
    const { database, config } = await through('session', { lock_mode: 'session' });
    const run = await migrate(database, config, [concurrently]);
    expect(run).toEqual({
      outcomes: ['applied', 'applied', 'applied', 'applied'],
      locksWhileRunning: 1,
      exclusiveRun: true,
    });
  });

  it('session behind transaction pooling: one line naming lock_mode: transaction, nothing written', async () => {
    const { database, config } = await through('transaction', { lock_mode: 'session' });
    const error = await rejection(migrate(database, config));
    expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
    expect(`${error.message}. Fix: ${error.hint}`).toMatch(
      new RegExp(
        /^PostgreSQL at 127\.0\.0\.1:\d+, database "\w+", is reached through a pooler that shares server /.source +
          /connections between clients \(PgBouncer's transaction pooling\), where lock_mode "session" cannot /.source +
          /hold the migration lock\. Fix: set storage\.postgres\.lock_mode: transaction \(or auto, which /.source +
          /chooses by itself\)$/.source,
      ),
    );
    await expectUntouched(database);
  });

  it('statement pooling, whatever the lock mode: one line saying to use transaction pooling', async () => {
    for (const lock_mode of ['auto', 'session'] as const) {
      const { database, config } = await through('statement', { lock_mode });
      const error = await rejection(PostgresBackend.open({ config }));
      expect(isInferError(error, ErrorCode.Configuration), lock_mode).toBe(true);
      expect(error.message).toMatch(
        /is reached through a pooler in statement pooling \(PgBouncer's pool_mode = statement\)/,
      );
      expect(error.hint).toBe(
        'use transaction pooling (pool_mode = transaction) for this database, or connect directly',
      );
      await expectUntouched(database);
    }
  });

  it('the holder check: a session lock counts only on the server connection that holds it', async () => {
    const { database } = await through('transaction');
    const { host, port } = bouncers.get('transaction')!;
    const target = { host, port, database, user: SERVER.user };
    const [locker, pinner] = [new pg.Client({ ...target }), new pg.Client({ ...target })];
    await Promise.all([locker.connect(), pinner.connect()]);
    const pidOf = async (client: pg.Client) => (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    try {
      // Taken in a transaction, whose server connection then goes back to the pool, where the other
      // client's transaction takes it (PgBouncer hands out the last one put back first).
      await locker.query('BEGIN');
      const holder = await pidOf(locker);
      await locker.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
      await locker.query('COMMIT');
      await pinner.query('BEGIN');
      expect(await pidOf(pinner)).toBe(holder);
      const error = await rejection(assertLockHeldHere(executorOf(locker), MIGRATION_LOCK_KEY, target));
      expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
      expect(error.hint).toContain(`the lock it took stays with server process ${holder} until that ends`);
      await assertLockHeldHere(executorOf(pinner), MIGRATION_LOCK_KEY, target);
      await pinner.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
    } finally {
      await Promise.all([pinner.end(), locker.end()]);
    }
    expect(await advisoryLocks(database)).toBe(0);
  });
});
