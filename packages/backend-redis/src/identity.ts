import type { BackendCapabilities } from '@infer/core';

/**
 * Who this backend is, said once for its descriptor and its backend class: the storage type, the
 * name messages use, and the capabilities where they differ from core's defaults. Entries expire
 * after `ttl` seconds when one is set; pages continue after an id; there is no schema.
 */
export const redisIdentity = Object.freeze({
  type: 'redis',
  displayName: 'Redis',
  capabilities: Object.freeze({ ttl: true, keysetPagination: true } satisfies Partial<BackendCapabilities>),
} as const);
