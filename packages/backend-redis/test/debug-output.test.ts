import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ThrowawayRedis } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordArgs, redisEnabled } from '@infer/test-servers/redis';

const ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const SHORT = "Dbg-Pass'Stoat:1x@/secret";
// Longer than the 200 characters after which ioredis cuts an argument list short in its log.
const LONG = `Dbg-Long-${'q7'.repeat(120)}-secret`;
const ACL_USER = 'infer_debug';

/**
 * ioredis writes every command to its `debug` log under DEBUG=ioredis:* (and DEBUG=*), AUTH with
 * its password included; the backend's clients never let a password through, however long.
 */
describe.runIf(redisEnabled)("ioredis's debug output", () => {
  let server: ThrowawayRedis;
  beforeAll(async () => {
    server = await ThrowawayRedis.start(passwordArgs(SHORT, { name: ACL_USER, password: LONG }));
  }, 30_000);
  afterAll(() => server?.stop());

  /** stderr of a process that opens a backend with these options under `debug`, lists, and closes. */
  function debugOutput(debug: string, options: object): string {
    const config = { host: server.host, port: server.port, ...options };
    const script = `const { RedisBackend } = await import(${JSON.stringify(ENTRY)});
      const backend = await RedisBackend.open(${JSON.stringify({ config })});
      await backend.list(); await backend.close();`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, DEBUG: debug },
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    return child.stderr;
  }

  it.each(['ioredis:*', '*'])(
    'DEBUG=%s: the AUTH line is there, without the password of the default user or of an ACL user',
    (debug) => {
      const defaultUser = debugOutput(debug, { password: SHORT });
      expect(defaultUser).toMatch(/write command\[.+\]: 0 -> auth\(\*\*\*\)/);
      const aclUser = debugOutput(debug, { username: ACL_USER, password: LONG });
      expect(aclUser).toMatch(/write command\[.+\]: 0 -> auth\(\*\*\*\)/);
      for (const output of [defaultUser, aclUser]) {
        for (const secret of [SHORT, LONG, LONG.slice(0, 40), 'Stoat:1x@']) expect(output).not.toContain(secret);
      }
    },
  );
});
