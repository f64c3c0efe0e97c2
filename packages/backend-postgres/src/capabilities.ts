import type { BackendCapabilities } from '@infer/core';

/**
 * What PostgreSQL backends report as `capabilities`, where it differs from core's defaults; the backend,
 * its migration driver, and the descriptor all read it here. DDL rolls back with its transaction, the default.
 */
export const postgresCapabilities = Object.freeze({ migrations: true }) satisfies Partial<BackendCapabilities>;
