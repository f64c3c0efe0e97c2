import { execFileSync } from 'node:child_process';
import type { ThrowawayPostgres } from '@infer/test-servers';
import pg from 'pg';
import { SERVER } from '@infer/test-servers/postgres';

export { postgresEnabled } from '@infer/test-servers/postgres';
export { ThrowawayPostgres, freePort } from '@infer/test-servers';

/** Where a PostgreSQL database is and who logs in. */
export interface PgTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password?: string;
}

/** The shared server's database `database` (trust auth). */
export const shared = (database: string): PgTarget => ({ ...SERVER, database });

/** Database `database` of a throwaway server, as its owner (password auth). */
export const onThrowaway = (server: ThrowawayPostgres, database: string): PgTarget => {
  const { host, port, user, password } = server;
  return { host, port, user, password, database };
};

/** The `INFER_STORAGE_*` environment that points the CLI at `target` (TLS off: the servers have none). */
export function pgEnv(target: PgTarget): NodeJS.ProcessEnv {
  return {
    INFER_STORAGE_TYPE: 'postgres',
    INFER_STORAGE_POSTGRES_HOST: target.host,
    INFER_STORAGE_POSTGRES_PORT: String(target.port),
    INFER_STORAGE_POSTGRES_USERNAME: target.user,
    INFER_STORAGE_POSTGRES_DATABASE: target.database,
    INFER_STORAGE_POSTGRES_SSL_MODE: 'disable',
    ...(target.password === undefined ? {} : { INFER_STORAGE_POSTGRES_PASSWORD: target.password }),
  };
}

function client(command: string, target: PgTarget, args: string[]): string {
  const env = { ...process.env, PGPASSWORD: target.password ?? '' };
  return execFileSync(
    command,
    ['-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database, ...args],
    { encoding: 'utf8', env },
  );
}

/** The whole database as `pg_dump` writes it: schema, data and ledger. */
export const pgDump = (target: PgTarget): string => client('pg_dump', target, ['--no-owner', '--restrict-key=infer']);

/** Runs SQL with psql, stopping at the first error. */
export const psql = (target: PgTarget, sql: string): string =>
  client('psql', target, ['-v', 'ON_ERROR_STOP=1', '-Atc', sql]);

/** Runs `work` on a client of `target`, ended afterwards. */
export async function withTarget<T>(target: PgTarget, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { host, port, user, database, password } = target;
  const client = new pg.Client({ host, port, user, database, password });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
