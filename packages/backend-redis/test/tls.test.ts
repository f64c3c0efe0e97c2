import { ErrorCode, isInferError } from '@infer/core';
import { type TestCertificates, ThrowawayRedis, makeTestCertificates } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisBackend, type RedisConfigInput, redisBackend } from '../src/index.js';
import { redisEnabled } from '@infer/test-servers/redis';

const ACL_USER = 'infer_tls_user';
const ACL_PASSWORD = 'tls-acl-pass';

/**
 * `storage.redis.tls` with libpq's meanings, against a redis-server that speaks TLS only, with a
 * certificate for `localhost` from a CA of our own (reached as 127.0.0.1, the name does not match),
 * and an ACL user; a second server requires client certificates.
 */
describe.runIf(redisEnabled)('Redis tls against a TLS-only server', () => {
  let certs: TestCertificates;
  let server: ThrowawayRedis;
  let clientCertServer: ThrowawayRedis;
  let plainServer: ThrowawayRedis;

  beforeAll(async () => {
    certs = makeTestCertificates();
    const tls = { certFile: certs.serverCertFile, keyFile: certs.serverKeyFile, caFile: certs.caFile };
    server = await ThrowawayRedis.startTls(tls, ['--user', ACL_USER, 'on', `>${ACL_PASSWORD}`, '~*', '&*', '+@all']);
    clientCertServer = await ThrowawayRedis.startTls({
      ...tls,
      client: { certFile: certs.clientCertFile, keyFile: certs.clientKeyFile },
    });
    plainServer = await ThrowawayRedis.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all([server?.stop(), clientCertServer?.stop(), plainServer?.stop()]);
    certs?.remove();
  });

  type Tls = { mode: RedisConfigInput['tls']; rootCert?: string; cert?: string; key?: string };
  const options = (tls: Tls | undefined, extra: RedisConfigInput = {}): RedisConfigInput => ({
    host: server.host,
    port: server.port,
    connect_timeout: 2,
    ...(tls && { tls: tls.mode, tls_root_cert: tls.rootCert, tls_cert: tls.cert, tls_key: tls.key }),
    ...extra,
  });

  /** Opens, saves and reads back one conversation: the session works end to end. */
  async function works(settings: RedisConfigInput): Promise<void> {
    const backend = await RedisBackend.open({ config: { ...settings, key_prefix: 'tls-test:' } });
    try {
      const conversation = {
        metadata: {
          id: 'tls-1',
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-01T00:00:00Z',
          title: 't',
          model: 'm',
          message_count: 0,
          total_tokens: 0,
          tags: [],
        },
        entries: [],
      };
      await backend.save(conversation);
      expect((await backend.load('tls-1')).metadata.id).toBe('tls-1');
    } finally {
      await backend.close();
    }
  }

  /** The one-line error opening a backend fails with. */
  async function failure(settings: RedisConfigInput): Promise<{ code: string; message: string; hint: string }> {
    return RedisBackend.open({ config: settings }).then(
      async (backend) => {
        await backend.close();
        return expect.fail('expected the connection to be refused');
      },
      (error: unknown) => error as { code: string; message: string; hint: string },
    );
  }

  async function expectUnverified(settings: RedisConfigInput, hint: string): Promise<void> {
    const error = await failure(settings);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error.message).toMatch(
      new RegExp(
        `^Redis at ${settings.host}:${settings.port}/0: the server certificate cannot be verified \\(.+\\); fix ` +
          'the TLS settings$',
      ),
    );
    expect(error.hint).toContain(hint);
  }

  it('no tls against a TLS-only server: refused (the server drops a plain client)', async () => {
    expect(isInferError(await failure(options(undefined)), ErrorCode.Connection)).toBe(true);
  });

  it('require without a root certificate: TLS, the certificate not verified', async () => {
    await works(options({ mode: 'require' }));
  });

  it('require with tls_root_cert verifies the chain, not the name (as libpq)', async () => {
    await works(options({ mode: 'require', rootCert: certs.caFile }));
    await expectUnverified(options({ mode: 'require', rootCert: certs.otherCaFile }), 'storage.redis.tls_root_cert');
  });

  it('verify-ca: the chain, any host name', async () => {
    await works(options({ mode: 'verify-ca', rootCert: certs.caFile }));
    await expectUnverified(options({ mode: 'verify-ca', rootCert: certs.otherCaFile }), 'storage.redis.tls_root_cert');
  });

  it('verify-full: the chain and the host name', async () => {
    await works(options({ mode: 'verify-full', rootCert: certs.caFile }, { host: 'localhost' }));
    await expectUnverified(
      options({ mode: 'verify-full', rootCert: certs.caFile }),
      'storage.redis.host to a name the certificate carries',
    );
    await expectUnverified(
      options({ mode: 'verify-full', rootCert: certs.otherCaFile }, { host: 'localhost' }),
      'storage.redis.tls_root_cert',
    );
  });

  it('an ACL username and password over verified TLS; a wrong password refused', async () => {
    const tls = { mode: 'verify-full', rootCert: certs.caFile } as const;
    await works(options(tls, { host: 'localhost', username: ACL_USER, password: ACL_PASSWORD }));
    const error = await failure(options(tls, { host: 'localhost', username: ACL_USER, password: 'wrong' }));
    expect(error.message).toBe(
      `Redis at localhost:${server.port}/0: the server refused the credentials; correct storage.redis.password ` +
        'or storage.redis.username',
    );
  });

  it('tls_cert and tls_key: a client certificate, for a server that requires one', async () => {
    const tls = { mode: 'verify-full', rootCert: certs.caFile } as const;
    await works(
      options(
        { ...tls, cert: certs.clientCertFile, key: certs.clientKeyFile },
        { host: 'localhost', port: clientCertServer.port },
      ),
    );
    expect(
      isInferError(
        await failure(options(tls, { host: 'localhost', port: clientCertServer.port })),
        ErrorCode.Connection,
      ),
    ).toBe(true);
  });

  it('tls against a server without TLS: one line that says so', async () => {
    const error = await failure(options({ mode: 'require' }, { port: plainServer.port, connect_timeout: 1 }));
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error.message).toMatch(
      new RegExp(
        `^Redis at 127\\.0\\.0\\.1:${plainServer.port}/0: (no TLS handshake within 1 s \\(connect_timeout\\); ` +
          'check that the server serves TLS on that port|the server does not speak TLS on that port)',
      ),
    );
    expect(error.hint).toContain('tls-port');
  });

  it.each([
    [
      'verify-ca without a root certificate',
      { mode: 'verify-ca' },
      /^storage\.redis\.tls: verify-ca needs a root certificate/,
    ],
    [
      'a tls_root_cert that does not exist',
      { mode: 'require', rootCert: '/nonexistent/ca.crt' },
      /^storage\.redis\.tls_root_cert: cannot read \/nonexistent\/ca\.crt: ENOENT/,
    ],
    [
      'tls_key without tls_cert',
      { mode: 'require', key: '/nonexistent/client.key' },
      /^storage\.redis\.tls_cert is missing: storage\.redis\.tls_key is set/,
    ],
    [
      'system roots with verify-ca',
      { mode: 'verify-ca', rootCert: 'system' },
      /^storage\.redis\.tls_root_cert: "system" needs storage\.redis\.tls verify-full$/,
    ],
  ] as const)('%s: a configuration error before connecting', async (_, tls, message) => {
    const error = await failure(options(tls));
    expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('the config file keys: tls, tls_root_cert (~ resolved, system kept), tls_cert, tls_key, username', async () => {
    const validate = async (section: unknown) => redisBackend.configSchema['~standard'].validate(section);
    const { value } = (await validate({
      tls: 'verify-full',
      tls_root_cert: '~/ca.pem',
      tls_cert: 'c.pem',
      tls_key: 'k.pem',
      username: 'u',
    })) as { value: Record<string, unknown> };
    expect(value).toMatchObject({
      tls: 'verify-full',
      username: 'u',
      tls_root_cert: expect.stringMatching(/^\/.+\/ca\.pem$/),
      tls_cert: expect.stringMatching(/^\/.+\/c\.pem$/),
    });
    expect(await validate({ tls_root_cert: 'system' })).toMatchObject({
      value: { tls_root_cert: 'system', tls: 'disable' },
    });
    expect((await validate({ tls: 'prefer' })).issues).toBeDefined();
  });
});
