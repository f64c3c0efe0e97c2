import type { StorageConfig } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { describeLocation, sameLocation } from '../src/conversations/location.js';

const config = (type: string, options: Record<string, unknown>) => ({ type, options }) as unknown as StorageConfig;

describe('where a configuration keeps its data', () => {
  it('is described as configured: the host as written, empty settings and credentials left out', () => {
    expect(
      describeLocation(
        config('redis', { host: '127.0.0.1', port: 6379, key_prefix: '', password: 'Secret-Pw', db: 0 }),
      ),
    ).toBe('redis (db=0, host=127.0.0.1, port=6379)');
  });

  it('is compared normalised: 127.0.0.1 and localhost are one host', () => {
    expect(
      sameLocation(
        config('postgres', { host: '127.0.0.1', port: 5432 }),
        config('postgres', { host: 'localhost', port: 5432 }),
      ),
    ).toBe(true);
  });
});
