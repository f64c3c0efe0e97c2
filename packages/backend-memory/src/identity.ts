import type { BackendCapabilities } from '@infer/core';

/**
 * Who this backend is, said once for its descriptor and its backend class: the storage type, the
 * name messages use, and the capabilities where they differ from core's defaults. Nothing outlives
 * the process; there is no schema.
 */
export const memoryIdentity = Object.freeze({
  type: 'memory',
  displayName: 'Memory',
  capabilities: Object.freeze({ persistent: false, keysetPagination: true } satisfies Partial<BackendCapabilities>),
} as const);
