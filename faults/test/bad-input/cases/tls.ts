import { execFileSync } from 'node:child_process';
import { type TestCertificates, ThrowawayPostgres, ThrowawayRedis, makeTestCertificates } from '@infer/test-servers';
import { afterAll } from 'vitest';
import { onThrowaway, pgDump, pgEnv, postgresEnabled, psql } from '../../support/postgres-cli.js';
import { EXIT, type Case, type Prepared } from '../harness.js';

/**
 * TLS settings that cannot work: each against throwaway servers of this file (a PostgreSQL and a
 * Redis serving TLS with a certificate for `localhost` from a CA made by openssl, and a Redis
 * without TLS), started once when a case first needs them and removed after the test file (this
 * module is imported while the file's tests are collected). Their data must stay identical. The
 * PostgreSQL cases use that server, not the harness's shared database (`postgres: true`), and are
 * left out where the PostgreSQL tests are.
 */
interface Servers {
  readonly certs: TestCertificates;
  readonly postgres: ThrowawayPostgres;
  readonly tlsRedis: ThrowawayRedis;
  readonly plainRedis: ThrowawayRedis;
}

let servers: Promise<Servers> | undefined;

function tlsServers(): Promise<Servers> {
  servers ??= (async () => {
    const certs = makeTestCertificates();
    const tls = { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile };
    const postgres = await ThrowawayPostgres.start({ user: 'infer_owner', password: 'tls-owner-pass', tls });
    psql(onThrowaway(postgres, 'postgres'), "CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('before')");
    // DEBUG DIGEST: one hash of the whole dataset, for "nothing changed".
    const debug = ['--enable-debug-command', 'yes'];
    const tlsRedis = await ThrowawayRedis.startTls(tls, debug);
    const plainRedis = await ThrowawayRedis.start(debug);
    for (const redis of [tlsRedis, plainRedis]) redisCli(redis, 'SET', 'conversation:kept', '{"id":"kept"}');
    return { certs, postgres, tlsRedis, plainRedis };
  })();
  return servers;
}

afterAll(async () => {
  if (!servers) return;
  const { certs, postgres, tlsRedis, plainRedis } = await servers;
  await Promise.all([postgres.stop(), tlsRedis.stop(), plainRedis.stop()]);
  certs.remove();
}, 60_000);

function redisCli(server: ThrowawayRedis, ...command: string[]): string {
  const tls = server.tls ? ['--tls', '--insecure'] : [];
  return execFileSync('redis-cli', ['-h', server.host, '-p', String(server.port), ...tls, ...command], {
    encoding: 'utf8',
  });
}

/** A case against the TLS PostgreSQL with these `INFER_STORAGE_POSTGRES_*` settings on top of its target's. */
function postgresCase(settings: (certs: TestCertificates) => NodeJS.ProcessEnv) {
  return async (): Promise<Prepared> => {
    const { certs, postgres } = await tlsServers();
    const target = onThrowaway(postgres, 'postgres');
    return { env: { ...pgEnv(target), ...settings(certs) }, fingerprint: () => pgDump(target) };
  };
}

/** A case against one of the Redis servers with these `INFER_STORAGE_REDIS_*` settings. */
function redisCase(which: 'tlsRedis' | 'plainRedis', settings: (certs: TestCertificates) => NodeJS.ProcessEnv) {
  return async (): Promise<Prepared> => {
    const all = await tlsServers();
    const server = all[which];
    const env = {
      INFER_STORAGE_TYPE: 'redis',
      INFER_STORAGE_REDIS_HOST: server.host,
      INFER_STORAGE_REDIS_PORT: String(server.port),
      INFER_STORAGE_REDIS_CONNECT_TIMEOUT: '1',
    };
    return { env: { ...env, ...settings(all.certs) }, fingerprint: () => redisCli(server, 'DEBUG', 'DIGEST') };
  };
}

/**
 * The two certificates a TLS server of `backend` cannot be verified with: verify-full against one for
 * another host name, and verify-ca trusting another root. `server` is how the line names the server;
 * `setup` sets the TLS mode and the root certificate file.
 */
function unverifiableCertificates(
  backend: string,
  args: readonly string[],
  server: RegExp,
  setup: (mode: string, root: (certs: TestCertificates) => string) => Case['setup'],
): Case[] {
  const unverified = (why: string) => new RegExp(`${server.source}the server certificate cannot be verified \\(${why}`);
  return [
    {
      name: `${backend} verify-full against a certificate for another host name`,
      args,
      exit: EXIT.connection,
      error: unverified('Hostname/IP does not match'),
      setup: setup('verify-full', (certs) => certs.caFile),
    },
    {
      name: `${backend} verify-ca with the wrong root certificate`,
      args,
      exit: EXIT.connection,
      error: unverified('self-signed certificate in certificate chain\\)'),
      setup: setup('verify-ca', (certs) => certs.otherCaFile),
    },
  ];
}

/** Against the TLS PostgreSQL (left out where PostgreSQL tests are). */
const postgresCases: readonly Case[] = [
  ...unverifiableCertificates(
    'PostgreSQL',
    ['migrate'],
    /cannot connect to PostgreSQL at 127\.0\.0\.1:\d+, database "postgres": /,
    (mode, root) =>
      postgresCase((certs) => ({
        INFER_STORAGE_POSTGRES_SSL_MODE: mode,
        INFER_STORAGE_POSTGRES_SSL_ROOT_CERT: root(certs),
      })),
  ),
  {
    name: 'PostgreSQL ssl_root_cert naming a missing file',
    args: ['migrate'],
    exit: EXIT.config,
    error: /^Error: storage\.postgres\.ssl_root_cert: cannot read \/nonexistent\/root\.crt: ENOENT/,
    setup: postgresCase(() => ({
      INFER_STORAGE_POSTGRES_SSL_MODE: 'require',
      INFER_STORAGE_POSTGRES_SSL_ROOT_CERT: '/nonexistent/root.crt',
    })),
  },
  {
    name: 'PostgreSQL ssl_root_cert system without verify-full',
    args: ['migrate'],
    exit: EXIT.config,
    error: /storage\.postgres\.ssl_root_cert: "system" needs storage\.postgres\.ssl_mode verify-full/,
    setup: postgresCase(() => ({
      INFER_STORAGE_POSTGRES_SSL_MODE: 'verify-ca',
      INFER_STORAGE_POSTGRES_SSL_ROOT_CERT: 'system',
    })),
  },
];

export const cases: readonly Case[] = [
  ...(postgresEnabled ? postgresCases : []),
  {
    // Refused while the connection options are built: no server is reached.
    name: 'Redis tls_root_cert naming a directory',
    args: ['conversations', 'list'],
    exit: EXIT.config,
    error: /^Error: storage\.redis\.tls_root_cert: \S+ is a directory, not a file\. Fix: point it at the PEM file/,
    setup: ({ sb }) => ({
      env: {
        INFER_STORAGE_TYPE: 'redis',
        INFER_STORAGE_REDIS_PORT: '1',
        INFER_STORAGE_REDIS_TLS: 'require',
        INFER_STORAGE_REDIS_TLS_ROOT_CERT: sb.root,
      },
    }),
  },
  {
    name: 'Redis tls against a server without TLS',
    args: ['conversations', 'list'],
    exit: EXIT.connection,
    error: /Redis at 127\.0\.0\.1:\d+\/0: (no TLS handshake within 1 s|the server does not speak TLS on that port)/,
    setup: redisCase('plainRedis', () => ({ INFER_STORAGE_REDIS_TLS: 'require' })),
  },
  ...unverifiableCertificates('Redis', ['conversations', 'list'], /Redis at 127\.0\.0\.1:\d+\/0: /, (mode, root) =>
    redisCase('tlsRedis', (certs) => ({
      INFER_STORAGE_REDIS_TLS: mode,
      INFER_STORAGE_REDIS_TLS_ROOT_CERT: root(certs),
    })),
  ),
  {
    name: 'Redis tls_cert without tls_key',
    args: ['conversations', 'list'],
    exit: EXIT.config,
    error: /storage\.redis\.tls_key is missing: storage\.redis\.tls_cert is set/,
    setup: redisCase('tlsRedis', (certs) => ({
      INFER_STORAGE_REDIS_TLS: 'require',
      INFER_STORAGE_REDIS_TLS_CERT: certs.clientCertFile,
    })),
  },
];
