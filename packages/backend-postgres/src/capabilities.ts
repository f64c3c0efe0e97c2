import type { BackendCapabilities } from '@infer/core';

/**
 * What PostgreSQL backends report as `capabilities` where it differs from core's defaults, for the
 * backend and the descriptor. DDL rolls back with its transaction: core's default, which the
 * migration driver keeps too.
 */
export const postgresCapabilities = Object.freeze({ migrations: true }) satisfies Partial<BackendCapabilities>;
