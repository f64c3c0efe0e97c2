import type { BackendDescriptor } from '@infer/core';
import { z } from 'zod';

const memoryConfig = z.strictObject({});

export type MemoryConfig = z.infer<typeof memoryConfig>;

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
