import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ThrowawayPostgres } from '../src/index.js';
import {
  type PgBouncerUpstream,
  type PoolMode,
  SERVER,
  ThrowawayPgBouncer,
  postgresEnabled,
} from '../src/postgres-databases.js';
import { answers } from '../src/servers.js';

const started: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const server of started.reverse()) await server.stop();
});

/** One server connection per database unless in session pooling, where each client needs one. */
async function bouncer(poolMode: PoolMode, server: PgBouncerUpstream = SERVER) {
  const pgbouncer = await ThrowawayPgBouncer.start({ server, poolMode, poolSize: poolMode === 'session' ? 2 : 1 });
  started.push(pgbouncer);
  return pgbouncer;
}

/** A connected client of database `postgres` through `pgbouncer`. */
async function clientOf(pgbouncer: ThrowawayPgBouncer): Promise<pg.Client> {
  const { host, port, user, password } = pgbouncer;
  const client = new pg.Client({ host, port, user, password, database: 'postgres' });
  client.on('error', () => {}); // statement pooling ends the connection after refusing BEGIN
  await client.connect();
  return client;
}

const pidOf = async (client: pg.Client) => (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;

describe.runIf(postgresEnabled)('a throwaway PgBouncer', () => {
  it('starts within a second in front of the shared server, and is gone after stop', async () => {
    const begun = performance.now();
    const pgbouncer = await ThrowawayPgBouncer.start({ server: SERVER });
    expect(performance.now() - begun).toBeLessThan(1000);
    expect(pgbouncer.poolMode).toBe('transaction');
    const client = await clientOf(pgbouncer);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
    await pgbouncer.stop();
    expect(await answers(pgbouncer.host, pgbouncer.port, 500)).toBe(false);
  });

  it('shares one server connection between clients in transaction pooling, never in session pooling', async () => {
    for (const [mode, shared] of [
      ['transaction', true],
      ['session', false],
    ] as const) {
      const pgbouncer = await bouncer(mode);
      const [a, b] = [await clientOf(pgbouncer), await clientOf(pgbouncer)];
      const first = await pidOf(a);
      if (!shared) expect(await pidOf(b), mode).not.toBe(first);
      else expect(await pidOf(b), mode).toBe(first);
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('refuses a transaction block in statement pooling', async () => {
    const client = await clientOf(await bouncer('statement'));
    await expect(client.query('BEGIN')).rejects.toThrow(/transaction blocks not allowed in statement pooling mode/);
  });

  it('logs in with a password to a throwaway server that asks for one', async () => {
    const postgres = await ThrowawayPostgres.start({ user: 'infer_owner', password: 'pw"with quote' });
    started.push(postgres);
    const client = await clientOf(await bouncer('transaction', postgres));
    expect((await client.query('SELECT current_user AS user')).rows).toEqual([{ user: 'infer_owner' }]);
    await client.end();
  });
});
