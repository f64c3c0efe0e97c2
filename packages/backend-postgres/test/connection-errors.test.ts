import { createServer } from 'node:net';
import { ErrorCode, type InferError, Migrator, isInferError } from '@infer/core';
import { ThrowawayPostgres, freePort } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PostgresBackend,
  type PostgresConfigInput,
  parsePostgresConfig,
  postgresBackend,
  postgresMigrations,
} from '../src/index.js';
import { createDatabase, dropDatabases, postgresEnabled } from '@infer/test-servers/postgres';
import { configFor } from './database.js';

const PASSWORD = 'Pw-distinctive-7f3a9c!';

async function failure(promise: Promise<unknown>): Promise<InferError> {
  return (await promise.then(
    () => expect.fail('expected a connection error'),
    (error: unknown) => error,
  )) as InferError;
}

/** Every text a user or a log could see: message, hint, and each error of the cause chain with its stack. */
function everyText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const e = current as { stack?: string; hint?: string; cause?: unknown };
    parts.push(String(current), e.stack ?? '', e.hint ?? '');
    current = e.cause;
  }
  return parts.join('\n');
}

function expectOneLine(error: InferError, settings: PostgresConfigInput, reason: RegExp): void {
  expect(isInferError(error, ErrorCode.Connection), String(error)).toBe(true);
  expect(error.message).not.toMatch(/\n/);
  expect(error.message).toContain(
    `cannot connect to PostgreSQL at ${settings.host}:${settings.port}, database "${settings.database}": `,
  );
  expect(error.message).toMatch(reason);
  expect(error.hint).toBeTruthy();
  expect(everyText(error)).not.toContain(PASSWORD);
}

describe.runIf(postgresEnabled)(
  'PostgreSQL bad connection inputs: one line naming host, port and database, never the password',
  () => {
    let database: string;
    beforeAll(async () => {
      database = await createDatabase();
    });
    afterAll(dropDatabases);

    it('a port nobody listens on: refused, through open, status and a lazily connected backend', async () => {
      const settings = configFor(database, { port: await freePort(), password: PASSWORD });
      expectOneLine(await failure(PostgresBackend.open({ config: settings })), settings, /connection refused$/);
      const driver = await postgresBackend.openMigrationDriver!(parsePostgresConfig(settings), { readOnly: true });
      expectOneLine(
        await failure(new Migrator({ driver, migrations: postgresMigrations }).status()),
        settings,
        /connection refused$/,
      );
      await driver.close();
      const lazy = await PostgresBackend.open({ config: settings, migrate: false });
      expectOneLine(await failure(lazy.list()), settings, /connection refused$/);
      expectOneLine(await failure(lazy.health()), settings, /connection refused$/);
      await lazy.close();
    });

    it('a database that does not exist says so and how to create it', async () => {
      const settings = configFor('infer_test_no_such_database', { password: PASSWORD });
      const error = await failure(PostgresBackend.open({ config: settings }));
      expectOneLine(error, settings, /database "infer_test_no_such_database" does not exist$/);
      expect(error.hint).toContain('createdb');
    });

    it('a host name that does not resolve', async () => {
      const settings = configFor(database, { host: 'nonexistent.invalid', connect_timeout: 2, password: PASSWORD });
      expectOneLine(
        await failure(PostgresBackend.open({ config: settings })),
        settings,
        /host "nonexistent\.invalid" cannot be resolved$/,
      );
    });

    it('a server that accepts the connection and never answers: a timeout after connect_timeout', async () => {
      // What a firewall that drops packets, or a hung server, looks like from here.
      const silent = createServer(() => {}).listen(0, '127.0.0.1');
      await new Promise((resolve) => silent.once('listening', resolve));
      const settings = configFor(database, {
        port: (silent.address() as { port: number }).port,
        connect_timeout: 0.5,
        password: PASSWORD,
      });
      const started = performance.now();
      const error = await failure(PostgresBackend.open({ config: settings }));
      silent.close();
      expectOneLine(error, settings, /no answer within 0\.5 s$/);
      expect(performance.now() - started).toBeGreaterThanOrEqual(450);
      expect(error.hint).toContain('connect_timeout');
    });

    it('ssl_mode require against a server without TLS: refused, as by libpq; prefer falls back to plain', async () => {
      const settings = configFor(database, { ssl_mode: 'require', password: PASSWORD });
      expectOneLine(
        await failure(PostgresBackend.open({ config: settings })),
        settings,
        /the server does not accept TLS connections$/,
      );
      await (await PostgresBackend.open({ config: configFor(database, { ssl_mode: 'prefer' }) })).close();
    });

    describe('with password authentication (a throwaway server: the shared one trusts everyone)', () => {
      let server: ThrowawayPostgres;
      beforeAll(async () => {
        server = await ThrowawayPostgres.start({ user: 'infer_owner', password: 'the-right-one' });
      }, 60_000);
      afterAll(() => server?.stop());

      it('a wrong password: authentication failed for the user, and the password appears nowhere', async () => {
        const settings = {
          host: server.host,
          port: server.port,
          database: 'postgres',
          username: 'infer_owner',
          password: PASSWORD,
        };
        const error = await failure(PostgresBackend.open({ config: settings }));
        expectOneLine(error, settings, /password authentication failed for user "infer_owner"$/);
        expect((error.cause as { code?: string }).code).toBe('28P01');
        expect(error.hint).toContain('storage.postgres.password');
      });

      it('the right password, given as a YAML number would be, connects', async () => {
        const numeric = await ThrowawayPostgres.start({ user: 'infer_numeric', password: '12345' });
        try {
          const backend = await PostgresBackend.open({
            config: {
              host: numeric.host,
              port: numeric.port,
              database: 'postgres',
              username: 'infer_numeric',
              password: 12345,
            },
          });
          await backend.health();
          await backend.close();
        } finally {
          await numeric.stop();
        }
      }, 60_000);
    });
  },
);
