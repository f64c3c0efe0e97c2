import { runBackendSuite } from '@infer/core/testing';
import { memoryBackend } from '../src/index.js';

runBackendSuite({
  descriptor: memoryBackend,
  packageJson: new URL('../package.json', import.meta.url),
  newStorage: async () => ({}),
});
