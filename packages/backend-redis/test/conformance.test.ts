import { runConformanceSuite } from '@infer/core/testing';
import { afterAll, describe } from 'vitest';
import { redisBackend } from '../src/index.js';
import { redisEnabled, sharedBackends } from './helpers.js';

// Every test gets a fresh prefix on the shared server; all their keys are removed at the end.
const backends = sharedBackends();
afterAll(() => backends.cleanup());

describe.runIf(redisEnabled)('redis backend', () => {
  runConformanceSuite({
    name: 'redis',
    migrations: redisBackend.migrations,
    create: () => backends.open(),
  });
});
