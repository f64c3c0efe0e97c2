import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { ErrorCode, isInferError } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { ThrowawayRedis, freePort } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { RedisBackend, redisBackend } from '../src/index.js';
import { redisEnabled } from '@infer/test-servers/redis';

/** Distinctive, so that any trace of it in an error is found. */
const PASSWORD = 'pw-Zq8-distinctive-4711';

/** Opens through the descriptor, as the CLI does: the config section validated, timeouts in seconds. */
async function openFromConfig(section: Record<string, unknown>) {
  const result = await redisBackend.configSchema['~standard'].validate({ host: '127.0.0.1', ...section });
  if (result.issues) throw new Error(result.issues[0]!.message);
  return redisBackend.open(result.value);
}

/** The rejection of `promise`, and how long it took. */
async function failureOf(promise: Promise<unknown>): Promise<{ error: Error & { hint?: string }; ms: number }> {
  const start = performance.now();
  const error = await promise.then(
    () => expect.fail('expected the operation to fail'),
    (e: unknown) => e as Error,
  );
  return { error, ms: performance.now() - start };
}

/** A one-line ConnectionError naming the endpoint, with no trace of the password anywhere. */
function expectClearConnectionError(
  error: Error & { hint?: string },
  where: string,
  secrets: string[] = [PASSWORD],
): void {
  expect(isInferError(error, ErrorCode.Connection), String(error)).toBe(true);
  expect(error.message).toContain(where);
  expect(error.message).not.toMatch(/\n/);
  expect(error.hint).toBeTruthy();
  const causes: string[] = [];
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) causes.push(String(cause));
  const everything = [
    error.message,
    error.hint ?? '',
    ...causes,
    inspect(error, { depth: Infinity, showHidden: true }),
  ].join('\n');
  for (const secret of secrets) expect(everything).not.toContain(secret);
}

function note(context: TestContext, what: string, ms: number): void {
  context.annotate(`${what}: ${Math.round(ms)} ms`);
}

describe.runIf(redisEnabled)('a server that cannot be used at open', () => {
  it('down: a one-line ConnectionError at once, naming host:port/db, never the password', async (context) => {
    const port = await freePort();
    const { error, ms } = await failureOf(openFromConfig({ port, db: 3, password: PASSWORD, connect_timeout: 1 }));
    note(context, 'open with the server down', ms);
    expect(ms).toBeLessThan(2000);
    expectClearConnectionError(error, `127.0.0.1:${port}, database "3"`);
    expect(error.message).toMatch(/^cannot connect to Redis at 127\.0\.0\.1:\d+, database "3": connection refused \(/);
    expect(error.hint).toBe('start Redis, or correct storage.redis.host and storage.redis.port');
  });

  it('accepting connections but never answering: fails at the connect timeout, not a hang', async (context) => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const { error, ms } = await failureOf(openFromConfig({ port, password: PASSWORD, connect_timeout: 1 }));
      note(context, 'open against a silent server with connect_timeout 1', ms);
      expect(ms).toBeGreaterThanOrEqual(950);
      expect(ms).toBeLessThan(2500);
      expectClearConnectionError(error, `127.0.0.1:${port}, database "0"`);
      expect(error.message).toMatch(/no answer within 1 s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  // Something else listens on the port: a web server, an SSH daemon, a binary protocol.
  for (const [what, reply, first] of [
    ['an HTTP server', 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', '"H"'],
    ['an SSH daemon', 'SSH-2.0-OpenSSH_9.2p1\r\n', '"S"'],
    ['a binary protocol', '\u0000\u0001\u00ff\n', '"\\u0000"'],
  ] as const) {
    it(`answered by ${what}: says it is not a Redis server, never the password`, async () => {
      const sockets: Socket[] = [];
      const foreign: Server = createServer((socket) => {
        sockets.push(socket);
        socket.on('data', () => socket.write(reply, 'latin1'));
      });
      const port = await freePort();
      await new Promise<void>((resolve) => foreign.listen(port, '127.0.0.1', resolve));
      try {
        const { error, ms } = await failureOf(openFromConfig({ port, password: PASSWORD, connect_timeout: 5 }));
        expect(ms).toBeLessThan(4000);
        expectClearConnectionError(error, `127.0.0.1:${port}/0`);
        expect(error.message).toContain(
          `what answered is not a Redis server (its reply began with ${first}); point the configuration at Redis`,
        );
        expect(error.hint).toMatch(
          /^another service listens on that port; correct storage\.redis\.host and storage\.redis\.port/,
        );
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => foreign.close(resolve));
      }
    });
  }

  describe('a server that requires a password', () => {
    const correct = 'correct-horse-battery-staple-9';
    let server: ThrowawayRedis;
    beforeAll(async () => {
      server = await ThrowawayRedis.start(['--requirepass', correct]);
    });
    afterAll(() => server?.stop());

    it('refuses a wrong password with a clear error that contains neither password', async () => {
      const { error } = await failureOf(openFromConfig({ port: server.port, password: PASSWORD, connect_timeout: 1 }));
      expectClearConnectionError(error, `127.0.0.1:${server.port}/0`, [PASSWORD, correct]);
      expect(error.message).toMatch(/refused the credentials; correct storage\.redis\.password/);
    });

    it('says a password is needed when none is configured, and works with the right one', async () => {
      const { error } = await failureOf(openFromConfig({ port: server.port, connect_timeout: 1 }));
      expectClearConnectionError(error, `127.0.0.1:${server.port}/0`, [correct]);
      expect(error.message).toMatch(/requires a password/);
      const backend = await openFromConfig({ port: server.port, password: correct, connect_timeout: 1 });
      await backend.health();
      await backend.close();
    });
  });
});

describe.runIf(redisEnabled)('the server fails while the backend is open', () => {
  let server: ThrowawayRedis;
  let backend: RedisBackend;
  beforeAll(async () => {
    server = await ThrowawayRedis.start(['--requirepass', PASSWORD]);
    backend = await RedisBackend.open({
      config: { host: '127.0.0.1', port: server.port, password: PASSWORD, connect_timeout: 1, command_timeout: 1 },
    });
  });
  afterAll(async () => {
    await backend?.close();
    await server?.stop();
  });

  it('frozen: an operation fails at the command timeout, and works again once the server resumes', async (context) => {
    await backend.save(minimal('before', '2025-01-01T00:00:00Z'));
    server.freeze();
    const { error, ms } = await failureOf(backend.load('before'));
    server.thaw();
    note(context, 'load from a frozen server with command_timeout 1', ms);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(2500);
    expectClearConnectionError(error, `127.0.0.1:${server.port}/0`);
    expect(error.message).toMatch(/no answer within 1 s \(command_timeout\)/);
    expect((await backend.load('before')).metadata.id).toBe('before');
  });

  it('frozen: closing after a command timed out returns at once, not after another timeout', async (context) => {
    const other = await RedisBackend.open({
      config: { host: '127.0.0.1', port: server.port, password: PASSWORD, command_timeout: 1 },
    });
    await other.health();
    server.freeze();
    try {
      await failureOf(other.load('before'));
      const start = performance.now();
      await other.close();
      note(context, 'close after a timed-out command, the server still frozen', performance.now() - start);
      expect(performance.now() - start).toBeLessThan(300);
    } finally {
      server.thaw();
    }
  });

  it('killed: the next operation fails fast; restarted on the same port, the backend reconnects', async (context) => {
    await server.kill();
    const down = await failureOf(backend.load('before'));
    note(context, 'load after the server was killed (connect_timeout 1)', down.ms);
    expect(down.ms).toBeLessThan(2000);
    expectClearConnectionError(down.error, `127.0.0.1:${server.port}`);
    expect(down.error.message).toMatch(/, database "0": connection refused|\/0: the connection was lost/);

    await server.restart();
    const start = performance.now();
    await backend.save(minimal('after', '2025-01-02T00:00:00Z'));
    note(context, 'first save after the restart, reconnect included', performance.now() - start);
    expect((await backend.list()).map((s) => s.id)).toEqual(['after']); // the throw-away server keeps nothing
  });

  it('killed with a command in flight: that command fails at once, not at the command timeout', async (context) => {
    const patient = await RedisBackend.open({
      config: { host: '127.0.0.1', port: server.port, password: PASSWORD, command_timeout: 10 },
    });
    try {
      server.freeze();
      const pending = failureOf(patient.load('after'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await server.kill();
      const { error, ms } = await pending;
      note(context, 'in-flight load, server killed after 200 ms (command_timeout 10)', ms);
      expect(ms).toBeLessThan(1500);
      expectClearConnectionError(error, `127.0.0.1:${server.port}/0`);
      expect(error.message).toMatch(/connection was lost/);
      expect(error.hint).toMatch(
        new RegExp(
          /^once Redis answers again, retry: a write that was under way \(one MULTI\/EXEC\) was applied /.source +
            /whole or not at all/.source,
        ),
      );
    } finally {
      await patient.close();
      await server.restart();
    }
  });
});
