import { testsUse } from '@infer/test-servers';
import { describe, expect, it } from 'vitest';
import { infer, sandbox } from '@infer/test-servers/cli';

const redisEnabled = testsUse('redis');
const PASSWORD = 'pw-warn-Zq8-distinctive';

describe.runIf(redisEnabled)("a driver's own warnings", () => {
  it('ioredis\'s "default user does not require a password" is one CLI Warning line, without the password', () => {
    const sb = sandbox();
    const env = {
      INFER_STORAGE_TYPE: 'redis',
      INFER_STORAGE_REDIS_HOST: '127.0.0.1',
      INFER_STORAGE_REDIS_KEY_PREFIX: `infer-cli-warn-test:${process.pid}:`,
      INFER_STORAGE_REDIS_PASSWORD: PASSWORD,
    };
    const result = infer(sb, ['conversations', 'list'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(
      "Warning: This Redis server's `default` user does not require a password, but a password was supplied\n",
    );
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });
});
