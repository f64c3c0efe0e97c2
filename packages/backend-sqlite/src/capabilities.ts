import type { BackendCapabilities } from '@infer/core';

/**
 * What SQLite backends report as `capabilities` where it differs from core's defaults, for the
 * backend and the descriptor. DDL rolls back with its transaction: core's default, which the
 * migration driver keeps too.
 */
export const sqliteCapabilities = Object.freeze({ migrations: true }) satisfies Partial<BackendCapabilities>;
