import type { BackendCapabilities } from '@infer/core';

/**
 * What MariaDB backends report as `capabilities` where it differs from core's defaults, for the
 * backend, its migration driver and the descriptor: MariaDB commits every DDL statement at once,
 * even inside a transaction.
 */
export const mariadbCapabilities = Object.freeze({
  migrations: true,
  transactionalDdl: false,
}) satisfies Partial<BackendCapabilities>;
