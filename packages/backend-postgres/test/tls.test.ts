import { mkdirSync, mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, isInferError } from '@infer/core';
import { type TestCertificates, ThrowawayPostgres, makeTestCertificates } from '@infer/test-servers';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBackend, PostgresConnection, type PostgresConfigInput, parsePostgresConfig } from '../src/index.js';
import { postgresEnabled } from '@infer/test-servers/postgres';

/**
 * libpq's sslmode meanings against a server that speaks TLS with a certificate for `localhost`
 * from a CA of our own (reached as 127.0.0.1, the certificate's name does not match), and that
 * logs in `infer_cert` by client certificate only.
 */
describe.runIf(postgresEnabled)('PostgreSQL ssl_mode against a TLS server', () => {
  let server: ThrowawayPostgres;
  let certs: TestCertificates;
  let home: string;
  const realHome = process.env.HOME;

  beforeAll(async () => {
    certs = makeTestCertificates('infer_cert');
    server = await ThrowawayPostgres.start({
      user: 'infer_tls',
      password: 'tls-pass',
      tls: { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile },
      hba: [`hostssl all ${certs.clientName} 127.0.0.1/32 cert`, `hostssl all ${certs.clientName} ::1/128 cert`],
    });
    const owner = new pg.Client({
      host: server.host,
      port: server.port,
      database: 'postgres',
      user: 'infer_tls',
      password: 'tls-pass',
    });
    await owner.connect();
    await owner.query(`CREATE ROLE ${certs.clientName} LOGIN`);
    await owner.end();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    certs?.remove();
  });

  // libpq's default root certificate is ~/.postgresql/root.crt: every test gets an empty HOME.
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'infer-tls-home-'));
    process.env.HOME = home;
  });
  afterEach(() => rmSync(join(home, '.postgresql'), { recursive: true, force: true }));
  afterAll(() => {
    process.env.HOME = realHome;
    rmSync(home, { recursive: true, force: true });
  });

  const settings = (extra: PostgresConfigInput): PostgresConfigInput => ({
    host: server.host,
    port: server.port,
    database: 'postgres',
    username: 'infer_tls',
    password: 'tls-pass',
    ...extra,
  });

  /** Whether a session opened the way the backend opens its pool is encrypted, as the server sees it. */
  async function encrypted(extra: PostgresConfigInput): Promise<boolean> {
    const connection = PostgresConnection.fromConfig(parsePostgresConfig(settings(extra)));
    try {
      const [row] = await connection.query<{ ssl: boolean }>(
        'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      return row!.ssl;
    } finally {
      await connection.end();
    }
  }

  /** The error opening a backend with these settings fails with. */
  async function failure(extra: PostgresConfigInput): Promise<{ code: string; message: string; hint: string }> {
    const config = settings(extra);
    return PostgresBackend.open({ config }).then(
      async (backend) => {
        await backend.close();
        return expect.fail(`expected ${JSON.stringify(extra)} to fail`);
      },
      (error: unknown) => error as { code: string; message: string; hint: string },
    );
  }

  /** A refused certificate: one line naming the server, with the setting to change in the hint. */
  async function expectUnverified(extra: PostgresConfigInput, hint: string): Promise<void> {
    const error = await failure(extra);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    const host = extra.host ?? server.host;
    expect(error.message).toMatch(
      new RegExp(
        `^cannot connect to PostgreSQL at ${host}:${server.port}, database "postgres": the server certificate ` +
          'cannot be verified \\(.+\\)$',
      ),
    );
    expect(error.hint).toContain(hint);
  }

  it('disable: plain', async () => {
    expect(await encrypted({ ssl_mode: 'disable' })).toBe(false);
  });

  it('prefer (the default): TLS when the server offers it', async () => {
    expect(await encrypted({})).toBe(true);
  });

  it('require without a root certificate: TLS, the certificate not verified (nobody here trusts our CA)', async () => {
    expect(await encrypted({ ssl_mode: 'require' })).toBe(true);
  });

  it('require with ssl_root_cert verifies the chain, not the name (as libpq: like verify-ca)', async () => {
    expect(await encrypted({ ssl_mode: 'require', ssl_root_cert: certs.caFile })).toBe(true);
    await expectUnverified({ ssl_mode: 'require', ssl_root_cert: certs.otherCaFile }, 'storage.postgres.ssl_root_cert');
  });

  it("require with ~/.postgresql/root.crt (libpq's default root certificate) verifies the chain with it", async () => {
    mkdirSync(join(home, '.postgresql'));
    copyFileSync(certs.otherCaFile, join(home, '.postgresql', 'root.crt'));
    await expectUnverified({ ssl_mode: 'require' }, 'storage.postgres.ssl_root_cert');
    copyFileSync(certs.caFile, join(home, '.postgresql', 'root.crt'));
    expect(await encrypted({ ssl_mode: 'require' })).toBe(true);
  });

  it('verify-ca: the chain checked against ssl_root_cert, any host name', async () => {
    expect(await encrypted({ ssl_mode: 'verify-ca', ssl_root_cert: certs.caFile })).toBe(true);
    await expectUnverified(
      { ssl_mode: 'verify-ca', ssl_root_cert: certs.otherCaFile },
      'storage.postgres.ssl_root_cert',
    );
  });

  it('verify-full: the chain and the host name', async () => {
    expect(await encrypted({ ssl_mode: 'verify-full', ssl_root_cert: certs.caFile, host: 'localhost' })).toBe(true);
    const backend = await PostgresBackend.open({
      config: settings({ ssl_mode: 'verify-full', ssl_root_cert: certs.caFile, host: 'localhost' }),
    });
    expect((await backend.migrationStatus()).every((s) => s.state === 'applied')).toBe(true);
    await backend.close();
    await expectUnverified(
      { ssl_mode: 'verify-full', ssl_root_cert: certs.caFile },
      'storage.postgres.host to a name the certificate carries',
    );
    await expectUnverified(
      { ssl_mode: 'verify-full', ssl_root_cert: certs.otherCaFile, host: 'localhost' },
      'storage.postgres.ssl_root_cert',
    );
  });

  it('ssl_root_cert system: the CAs Node trusts, which do not include ours; only with verify-full', async () => {
    await expectUnverified(
      { ssl_mode: 'verify-full', ssl_root_cert: 'system', host: 'localhost' },
      'storage.postgres.ssl_root_cert',
    );
    const error = await failure({ ssl_mode: 'verify-ca', ssl_root_cert: 'system' });
    expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
    expect(error.message).toBe('storage.postgres.ssl_root_cert: "system" needs storage.postgres.ssl_mode verify-full');
  });

  it.each([
    [
      'verify-ca without any root certificate',
      { ssl_mode: 'verify-ca' },
      /^storage\.postgres\.ssl_root_cert: cannot read .*\/\.postgresql\/root\.crt: ENOENT/,
    ],
    [
      'an ssl_root_cert that does not exist',
      { ssl_mode: 'require', ssl_root_cert: '/nonexistent/ca.crt' },
      /^storage\.postgres\.ssl_root_cert: cannot read \/nonexistent\/ca\.crt: ENOENT/,
    ],
    [
      'an ssl_root_cert that is not PEM',
      { ssl_mode: 'verify-ca', ssl_root_cert: '/etc/hostname' },
      /^storage\.postgres\.ssl_root_cert: \/etc\/hostname is not a PEM file/,
    ],
    [
      'ssl_cert without ssl_key',
      { ssl_mode: 'require', ssl_cert: '/nonexistent/client.crt' },
      /^storage\.postgres\.ssl_key is missing: storage\.postgres\.ssl_cert is set/,
    ],
  ] as const)('%s: a configuration error before connecting', async (_, extra, message) => {
    const error = await failure(extra);
    expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/^(point it at|set storage\.postgres\.ssl_cert and)/);
  });

  it('ssl_cert and ssl_key: a client certificate logs in a user the server authenticates by certificate', async () => {
    const client = {
      username: certs.clientName,
      password: undefined,
      ssl_mode: 'verify-full',
      ssl_root_cert: certs.caFile,
      host: 'localhost',
    } as const;
    expect(await encrypted({ ...client, ssl_cert: certs.clientCertFile, ssl_key: certs.clientKeyFile })).toBe(true);
    expect(
      await encrypted({ ...client, ssl_mode: 'prefer', ssl_cert: certs.clientCertFile, ssl_key: certs.clientKeyFile }),
    ).toBe(true);
    const error = await failure(client);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
  });
});
