import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, isInferError } from '@infer/core';
import { ThrowawayPostgres } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBackend, PostgresConnection, type PostgresConfigInput, parsePostgresConfig } from '../src/index.js';
import { postgresEnabled } from './database.js';

/** A CA and a certificate it signed for the name `localhost` only (not 127.0.0.1). */
function makeCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '2', '-subj', '/CN=infer test CA');
  openssl('req', ...ec, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(path('san.ext'), 'subjectAltName=DNS:localhost\n');
  openssl('x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-out', path('server.crt'), '-days', '2', '-extfile', path('san.ext'));
  return { caFile: path('ca.crt'), certFile: path('server.crt'), keyFile: path('server.key') };
}

/** libpq's ssl_mode meanings against a server that speaks TLS with a certificate from our own CA. */
describe.runIf(postgresEnabled)('PostgreSQL ssl_mode against a TLS server', () => {
  let server: ThrowawayPostgres;
  let dir: string;
  let caFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'infer-tls-'));
    const certificates = makeCertificates(dir);
    caFile = certificates.caFile;
    server = await ThrowawayPostgres.start({ user: 'infer_tls', password: 'tls-pass', tls: certificates });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const settings = (extra: PostgresConfigInput): PostgresConfigInput => ({
    host: server.host, port: server.port, database: 'postgres', username: 'infer_tls', password: 'tls-pass', ...extra,
  });

  /** Whether a session opened the way the backend opens its pool is encrypted, as the server sees it. */
  async function encrypted(extra: PostgresConfigInput): Promise<boolean> {
    const connection = PostgresConnection.fromConfig(parsePostgresConfig(settings(extra)));
    try {
      const { rows } = await connection.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return rows[0]!.ssl;
    } finally {
      await connection.end();
    }
  }

  it('disable: plain', async () => {
    expect(await encrypted({ ssl_mode: 'disable' })).toBe(false);
  });

  it('prefer (the default): TLS when the server offers it', async () => {
    expect(await encrypted({})).toBe(true);
  });

  it('require: TLS without verifying the certificate (our CA is trusted by nobody here)', async () => {
    expect(await encrypted({ ssl_mode: 'require' })).toBe(true);
  });

  it('verify-full: TLS with the chain checked against ssl_root_cert and the host name against the certificate', async () => {
    expect(await encrypted({ ssl_mode: 'verify-full', ssl_root_cert: caFile, host: 'localhost' })).toBe(true);
    const backend = await PostgresBackend.open({ config: settings({ ssl_mode: 'verify-full', ssl_root_cert: caFile, host: 'localhost' }) });
    expect((await backend.migrationStatus()).every((s) => s.state === 'applied')).toBe(true);
    await backend.close();
  });

  it.each([
    ['an untrusted CA (no ssl_root_cert)', (): PostgresConfigInput => ({ ssl_mode: 'verify-full', host: 'localhost' })],
    ['a host name the certificate does not carry', (): PostgresConfigInput => ({ ssl_mode: 'verify-full', ssl_root_cert: caFile })],
  ])('verify-full refuses %s with one line that says what to do', async (_, extra) => {
    const config = settings(extra());
    const error = await PostgresBackend.open({ config }).then(() => expect.fail('expected a verification failure'), (e: unknown) => e);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    const { message, hint } = error as { message: string; hint: string };
    expect(message).toMatch(new RegExp(`^cannot connect to PostgreSQL at ${config.host}:${server.port}, database "postgres": the server certificate cannot be verified \\(.+\\)$`));
    expect(hint).toContain('ssl_root_cert');
  });
});
