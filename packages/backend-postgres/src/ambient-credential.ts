import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { PostgresConfig } from './config.js';

/** The `pgpass` module node-postgres itself consults (CommonJS, untyped). */
interface PgPass {
  (
    connection: { host: string; port: number; database: string; user: string },
    done: (password: string | undefined) => void,
  ): void;
  warnTo(stream: NodeJS.WritableStream | null): NodeJS.WritableStream | null;
}

/**
 * Where node-postgres would take a password from when `storage.postgres.password` is not set, as it
 * does: `PGPASSWORD` (set but empty: no password, and no password file either), else the line of
 * the password file (`PGPASSFILE`, default `~/.pgpass`) that matches host, port, database and
 * user, through the same `pgpass` module. `undefined` when it would send none.
 */
export async function ambientCredential(config: PostgresConfig): Promise<string | undefined> {
  if (config.password !== undefined) return undefined;
  const fromVariable = process.env.PGPASSWORD;
  if (fromVariable !== undefined) return fromVariable === '' ? undefined : 'PGPASSWORD';
  const pgpass = createRequire(import.meta.url)('pgpass') as PgPass;
  // Its warnings (a password file others can read) come again from the driver when it connects.
  const warnings = pgpass.warnTo(null);
  try {
    const { host, port, database, username: user } = config;
    const password = await new Promise<string | undefined>((done) => pgpass({ host, port, database, user }, done));
    return password === undefined
      ? undefined
      : (process.env.PGPASSFILE ?? join(process.env.HOME ?? homedir(), '.pgpass'));
  } finally {
    pgpass.warnTo(warnings);
  }
}
