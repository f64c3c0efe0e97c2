import { ThrowawayPostgres } from '@infer/test-servers';
import { afterAll, beforeAll } from 'vitest';
import { type PgTarget, onThrowaway, postgresEnabled, psql } from './postgres-cli.js';

/** A way the server goes away under a test. */
export type ServerFault = (server: ThrowawayPostgres) => Promise<void>;

/** The faults the tests inflict on a throwaway server, by what each does. */
export const SERVER_FAULTS = {
  killed: ['killed (pg_ctl stop -m immediate, as a crash)', (server) => server.kill()],
  shutDown: ['shut down (pg_ctl stop -m fast: every session terminated)', (server) => server.shutdown('fast')],
  restarted: ['restarted (pg_ctl stop -m fast, then start at once)', (server) => server.bounce()],
} as const satisfies Record<string, readonly [string, ServerFault]>;

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
