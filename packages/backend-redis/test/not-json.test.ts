import { minimal } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { RedisBackend } from '../src/index.js';
import { rawClient, redisEnabled, removeKeys, uniquePrefix } from '@infer/test-servers/redis';

const AT = '2025-01-01T00:00:00Z';

describe.skipIf(!redisEnabled)('a Redis value that is not JSON', () => {
  it('is named by conversation id and key, E_DOCUMENT_LIMIT, never a SyntaxError', async () => {
    const prefix = uniquePrefix();
    const raw = rawClient();
    const backend = await RedisBackend.open({ config: { host: '127.0.0.1', port: 6379, key_prefix: prefix } });
    try {
      await backend.save(minimal('c1', AT));
      await raw.set(`${prefix}conversation:c1:entries`, '[{"message":');
      await expect(backend.load('c1')).rejects.toMatchObject({
        code: 'E_DOCUMENT_LIMIT',
        message: expect.stringMatching(
          new RegExp(`^conversation c1 is not stored as valid JSON \\(Redis key ${prefix}conversation:c1:entries: `),
        ),
      });
    } finally {
      await backend.close();
      await removeKeys(raw, prefix);
      raw.disconnect();
    }
  });
});
