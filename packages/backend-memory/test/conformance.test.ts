import { runConformanceSuite } from '@infer/core/testing';
import { MemoryBackend, memoryBackend } from '../src/index.js';

runConformanceSuite({
  name: 'memory',
  migrations: memoryBackend.migrations,
  create: () => MemoryBackend.open(),
});
