import { runBackendSuite } from '@infer/core/testing';
import { afterAll } from 'vitest';
import { redisBackend } from '../src/index.js';
import { SHARED, rawClient, redisEnabled, removeKeys, uniquePrefix } from './helpers.js';

// Every backend the suite opens works under a fresh prefix on the shared server; all go at the end.
const prefixes: string[] = [];
afterAll(async () => {
  const client = rawClient();
  for (const prefix of prefixes) await removeKeys(client, prefix);
  await client.quit();
});

runBackendSuite({
  descriptor: redisBackend,
  packageJson: new URL('../package.json', import.meta.url),
  driverModule: /[\\/]ioredis[\\/]built[\\/]index\.js$/,
  server: redisEnabled,
  newStorage: async () => {
    const prefix = uniquePrefix();
    prefixes.push(prefix);
    return { ...SHARED, connect_timeout: 2, key_prefix: prefix };
  },
});
