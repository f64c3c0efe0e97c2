import { ErrorCode } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { MemoryBackend, memoryBackend } from '../src/index.js';

describe('MemoryBackend.open({ config?, ...options })', () => {
  it('opens an empty store, with or without its (empty) section and the open options', async () => {
    for (const opened of [
      MemoryBackend.open(),
      MemoryBackend.open({ config: {}, migrate: false, readOnly: true }),
      memoryBackend.open({}),
    ]) {
      const backend = await opened;
      expect(await backend.list()).toEqual([]);
      await backend.close();
    }
  });

  it('checks config as the CLI checks storage.memory, in one line', async () => {
    await expect(MemoryBackend.open({ config: { path: '/tmp/x' } as never })).rejects.toMatchObject({
      code: ErrorCode.Configuration,
      message: 'storage.memory.path: unknown key (check its spelling against the documentation)',
    });
  });
});
