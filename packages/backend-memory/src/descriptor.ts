import { type BackendDescriptor, sectionMessage } from '@infer/core';
import * as v from 'valibot';

const memoryConfig = v.strictObject({}, sectionMessage);

export type MemoryConfig = v.InferOutput<typeof memoryConfig>;

/** The memory backend: nothing to configure, nothing persisted, no migrations. */
export const memoryBackend: BackendDescriptor<MemoryConfig> = Object.freeze({
  type: 'memory',
  displayName: 'Memory',
  configSchema: memoryConfig,
  migrations: 'none',
  async open() {
    const { MemoryBackend } = await import('./memory-backend.js');
    return new MemoryBackend();
  },
});
