import type { BackendCapabilities } from '@infer/core';

/**
 * Who this backend is, said once for its descriptor, its backend class and its migration driver:
 * the storage type, the name messages use, the backend contract range it is tested against, and the
 * capabilities where they differ from core's defaults. MariaDB commits every DDL statement at once,
 * even inside a transaction.
 */
export const mariadbIdentity = Object.freeze({
  type: 'mariadb',
  displayName: 'MariaDB',
  contract: '^1.1.0',
  capabilities: Object.freeze({ migrations: true, transactionalDdl: false } satisfies Partial<BackendCapabilities>),
} as const);
