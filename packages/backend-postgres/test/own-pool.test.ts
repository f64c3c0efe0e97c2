import { ErrorCode, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { freePort } from '@infer/test-servers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBackend } from '../src/index.js';
import { SERVER, createDatabase, dropDatabases, postgresEnabled } from '@infer/test-servers/postgres';

describe.runIf(postgresEnabled)('bring your own pg.Pool', () => {
  let database: string;
  beforeAll(async () => {
    database = await createDatabase();
  });
  afterAll(dropDatabases);

  it('connects only when first used, and leaves the pool to its owner on close', async () => {
    const pool = new pg.Pool({ ...SERVER, database, max: 2 });
    const lazy = await PostgresBackend.open({ client: pool, migrate: false });
    expect(pool.totalCount).toBe(0);
    await lazy.close();

    const backend = await PostgresBackend.open({ client: pool });
    await backend.save(minimal('byo', '2026-01-01T00:00:00Z'));
    expect((await backend.load('byo')).metadata.id).toBe('byo');
    await backend.close();
    expect((await pool.query('SELECT count(*)::int AS n FROM conversations')).rows).toEqual([{ n: 1 }]);
    await pool.end();
  });

  it('migrates through a pool of one connection (the lock connection is the only one)', async () => {
    const pool = new pg.Pool({ ...SERVER, database: await createDatabase(), max: 1 });
    const backend = await PostgresBackend.open({ client: pool });
    expect((await backend.migrationStatus()).map((s) => s.state)).toEqual(['applied', 'applied', 'applied']);
    await backend.close();
    await pool.end();
  });

  it("names the pool's own host, port and database when it cannot connect", async () => {
    const port = await freePort();
    const pool = new pg.Pool({ host: '127.0.0.1', port, database: 'elsewhere', user: 'someone' });
    const error = await PostgresBackend.open({ client: pool }).then(
      () => expect.fail('expected a connection error'),
      (e: unknown) => e,
    );
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot connect to PostgreSQL at 127.0.0.1:${port}, database "elsewhere": connection refused`,
    );
    await pool.end();
  });
});
