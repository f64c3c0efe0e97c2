import { ThrowawayPostgres } from '@infer/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { type PgTarget, onThrowaway, postgresEnabled, psql } from './postgres-cli.js';

/**
 * A throwaway PostgreSQL server for the test file (password authentication, owner `infer_owner`),
 * started before its tests when PostgreSQL tests run and removed after them; and a fresh database
 * for each round on it, on a running server whatever state an earlier fault or failed test left it
 * in. The previous round's database is dropped then, so the cluster stays small however many rounds.
 */
export function throwawayPostgresForFile(password: string) {
  let server: ThrowawayPostgres | undefined;
  let databases = 0;
  let previous: string | undefined;
  beforeAll(async () => {
    if (postgresEnabled) server = await ThrowawayPostgres.start({ user: 'infer_owner', password });
  }, 60_000);
  // Removing a cluster that many rounds used takes a while on a loaded machine.
  afterAll(() => server?.stop(), 60_000);
  return {
    get server(): ThrowawayPostgres {
      if (!server) throw new Error('the throwaway PostgreSQL server is not started (PostgreSQL tests are off)');
      return server;
    },
    /** A new database `<prefix>_<n>`, as its owner; the one the previous call made is dropped. */
    async database(prefix: string): Promise<PgTarget> {
      await this.server.restart();
      const owner = onThrowaway(this.server, 'postgres');
      if (previous) psql(owner, `DROP DATABASE IF EXISTS ${previous} WITH (FORCE)`);
      previous = `${prefix}_${++databases}`;
      psql(owner, `CREATE DATABASE ${previous}`);
      return onThrowaway(this.server, previous);
    },
  };
}
