import type { BackendCapabilities } from '@infer/core';

/**
 * What Redis backends report as `capabilities` where it differs from core's defaults, for the
 * backend and the descriptor: entries expire after `ttl` seconds when one is set; no schema.
 */
export const redisCapabilities = Object.freeze({ ttl: true }) satisfies Partial<BackendCapabilities>;
