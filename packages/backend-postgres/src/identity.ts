import type { BackendCapabilities } from '@infer/core';

/**
 * Who this backend is, said once for its descriptor, its backend class and its migration driver:
 * the storage type, the name messages use, the backend contract range it is tested against, and the
 * capabilities where they differ from core's defaults. DDL rolls back with its transaction: core's
 * default.
 */
export const postgresIdentity = Object.freeze({
  type: 'postgres',
  displayName: 'PostgreSQL',
  contract: '^1.1.0',
  capabilities: Object.freeze({ migrations: true } satisfies Partial<BackendCapabilities>),
} as const);
