import { join } from 'node:path';
import { ThrowawayRedis, freePort, testsUse } from '@infer/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, sandbox, writeConfig } from '@infer/test-servers/cli';
import { passwordArgs } from '@infer/test-servers/redis';
import { MANY_RUNS_MS, expectNoSecretAnywhere, sqliteCopyTarget } from './support/secrets.js';

/**
 * A Redis password, of the default user (`requirepass`) or of an ACL user, set in the config file
 * and in INFER_STORAGE_REDIS_PASSWORD (the variable wins), never reaches stdout or stderr: not in
 * plain or --json output, not under any DEBUG setting (ioredis logs every command it writes, AUTH
 * included, under DEBUG=ioredis:*), on success nor on failure.
 */
const DEFAULT_USER_PASSWORD = "Req-Pass'Heron:4k@/secret";
const ACL_USER = 'infer_acl';
const ACL_PASSWORD = 'Acl-Pass%Marten-2w@/secret';
const IN_FILE = 'Cfg-Redis-Ibis:8p@/secret';
const SECRETS = [DEFAULT_USER_PASSWORD, ACL_PASSWORD, IN_FILE];

let server: ThrowawayRedis;
let sb: Sandbox;

beforeAll(async () => {
  if (!testsUse('redis')) return;
  sb = sandbox();
  server = await ThrowawayRedis.start(passwordArgs(DEFAULT_USER_PASSWORD, { name: ACL_USER, password: ACL_PASSWORD }));
}, 60_000);

afterAll(() => server?.stop());

/** The config file (password IN_FILE) for the server at `port`, and the variable with the real password. */
function settings(
  port: number,
  password: string | undefined,
  username?: string,
): { file: string; env: NodeJS.ProcessEnv } {
  const user = username === undefined ? '' : `    username: ${username}\n`;
  const yaml =
    `storage:\n  type: redis\n  redis:\n    host: 127.0.0.1\n    port: ${port}\n` +
    `${user}    password: '${IN_FILE}'\n    key_prefix: 'secrets:'\n    connect_timeout: 2\n`;
  const file = writeConfig(sb, yaml, join(sb.cwd, `redis-${port}-${username ?? 'default'}.yaml`));
  return { file, env: { INFER_STORAGE_REDIS_PASSWORD: password } };
}

describe.runIf(testsUse('redis'))('no Redis password in any output', () => {
  it(
    'on success paths, with the default user and with an ACL user',
    () => {
      const copyTo = sqliteCopyTarget(sb);
      const commands = [
        ['conversations', 'list'],
        ['migrate', '--status'],
        ['backends'],
        ['storage', 'copy', '--to', copyTo],
      ];
      for (const [who, password, username] of [
        ['default user', DEFAULT_USER_PASSWORD, undefined],
        ['ACL user', ACL_PASSWORD, ACL_USER],
      ] as const) {
        const { file, env } = settings(server.port, password, username);
        expect(expectNoSecretAnywhere(sb, commands, file, env, 0, SECRETS, who)).toBeGreaterThan(0);
      }
    },
    MANY_RUNS_MS,
  );

  it(
    'on error paths: wrong password, wrong ACL user, wrong port',
    async () => {
      const cases = {
        'wrong password': settings(server.port, undefined),
        'wrong ACL password': settings(server.port, DEFAULT_USER_PASSWORD, ACL_USER),
        'unknown ACL user': settings(server.port, ACL_PASSWORD, 'no_such_user'),
        'wrong port': settings(await freePort(), DEFAULT_USER_PASSWORD),
      };
      for (const [name, { file, env }] of Object.entries(cases)) {
        expectNoSecretAnywhere(sb, [['conversations', 'list']], file, env, 4, SECRETS, name);
      }
    },
    MANY_RUNS_MS,
  );
});
