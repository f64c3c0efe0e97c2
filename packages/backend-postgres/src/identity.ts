import type { BackendCapabilities } from '@infer/core';

/**
 * Who this backend is, said once for its descriptor, its backend class and its migration driver:
 * the storage type, the name messages use and the capabilities where they differ from core's
 * defaults: pages continue after an id (keyset pagination). DDL rolls back with its transaction, as
 * by default; `migrations` follows from its migrations.
 */
export const postgresIdentity = Object.freeze({
  type: 'postgres',
  displayName: 'PostgreSQL',
  capabilities: Object.freeze({ keysetPagination: true } satisfies Partial<BackendCapabilities>),
} as const);
