import type { BackendCapabilities } from '@infer/core';

/**
 * What memory backends report as `capabilities` where it differs from core's defaults, for the
 * backend and the descriptor: nothing outlives the process; no schema.
 */
export const memoryCapabilities = Object.freeze({ persistent: false }) satisfies Partial<BackendCapabilities>;
