import { ThrowawayPostgres } from '@infer/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { type PgTarget, onThrowaway, postgresEnabled, psql } from './postgres-cli.js';

/**
 * A throwaway PostgreSQL server for the test file (password authentication, owner `infer_owner`),
 * started before its tests when PostgreSQL tests run and removed after them; and fresh databases
 * on it, each on a running server, whatever state an earlier fault or failed test left it in.
 */
export function throwawayPostgresForFile(password: string) {
  let server: ThrowawayPostgres | undefined;
  let databases = 0;
  beforeAll(async () => {
    if (postgresEnabled) server = await ThrowawayPostgres.start({ user: 'infer_owner', password });
  }, 60_000);
  afterAll(() => server?.stop());
  return {
    get server(): ThrowawayPostgres {
      if (!server) throw new Error('the throwaway PostgreSQL server is not started (PostgreSQL tests are off)');
      return server;
    },
    /** A new database `<prefix>_<n>`, as its owner. */
    async database(prefix: string): Promise<PgTarget> {
      await this.server.restart();
      const name = `${prefix}_${++databases}`;
      psql(onThrowaway(this.server, 'postgres'), `CREATE DATABASE ${name}`);
      return onThrowaway(this.server, name);
    },
  };
}
