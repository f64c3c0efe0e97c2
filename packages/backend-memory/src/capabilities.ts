import type { BackendCapabilities } from '@infer/core';

/**
 * What Memory backends report as `capabilities`, where it differs from core's defaults; the backend,
 * and the descriptor all read it here. Nothing outlives the process; no schema to migrate.
 */
export const memoryCapabilities = Object.freeze({ persistent: false }) satisfies Partial<BackendCapabilities>;
