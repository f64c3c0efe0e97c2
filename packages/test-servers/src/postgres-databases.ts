import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { postgresAddress } from './servers.js';
import { testsUse } from './test-backends.js';

export { ThrowawayPgBouncer } from './pgbouncer.js';
export type { PgBouncerUpstream, PoolMode, ThrowawayPgBouncerOptions } from './pgbouncer.js';

/**
 * The machine's PostgreSQL (docs/services.md: trust auth). Every test file works in databases of
 * its own, named `infer_test_<pid>_<random>` and dropped after the file, so runs never collide.
 * Contributors without PostgreSQL leave these tests out with INFER_TEST_BACKENDS.
 */
export const postgresEnabled = testsUse('postgres');

export const SERVER = Object.freeze({
  ...postgresAddress(),
  user: process.env.INFER_TEST_POSTGRES_USER ?? 'postgres',
});

/** A plain connected client of `database`, for looking at what the backend did. End it yourself. */
export async function openClient(database: string, extra: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client({ ...SERVER, database, ...extra });
  await client.connect();
  return client;
}

/** Runs `work` on a plain client of `database`. */
export async function withClient<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await openClient(database);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const created = new Set<string>();

/** A new, empty database on the shared server; call `afterAll(dropDatabases)` in the file. */
export async function createDatabase(): Promise<string> {
  const name = `infer_test_${process.pid}_${randomBytes(5).toString('hex')}`;
  await withClient('postgres', (client) => client.query(`CREATE DATABASE ${name}`));
  created.add(name);
  return name;
}

/** Drops every database this process created, even with connections left open. */
export async function dropDatabases(): Promise<void> {
  const names = [...created];
  created.clear();
  await withClient('postgres', async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** The storage.postgres settings of a test database: the shared server, as its role. */
export function postgresSettings(database: string): { host: string; port: number; username: string; database: string } {
  return { host: SERVER.host, port: SERVER.port, username: SERVER.user, database };
}

/**
 * Schema and data as pg_dump prints them (without its per-run `\restrict` key), plus the ledger
 * rows on their own for readable failures: for "nothing changed" comparisons.
 */
export async function dumpDatabase(
  database: string,
  options: { schemaOnly?: boolean } = {},
): Promise<{ dump: string; ledger: unknown[] }> {
  const args = [
    ...(options.schemaOnly ? ['--schema-only'] : []),
    '-h',
    SERVER.host,
    '-p',
    String(SERVER.port),
    '-U',
    SERVER.user,
    database,
  ];
  const dump = execFileSync('pg_dump', args, { encoding: 'utf8', maxBuffer: 1024 ** 3 }).replace(
    /^\\(un)?restrict .*$/gm,
    '',
  );
  const ledger = await withClient(database, async (client) => {
    const exists = (await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS e")).rows[0]
      .e as boolean;
    return exists ? (await client.query('SELECT * FROM schema_migrations ORDER BY version')).rows : [];
  });
  return { dump, ledger };
}
