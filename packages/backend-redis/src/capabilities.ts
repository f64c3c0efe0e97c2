import type { BackendCapabilities } from '@infer/core';

/**
 * What Redis backends report as `capabilities`, where it differs from core's defaults; the backend,
 * and the descriptor all read it here. Entries expire after `ttl` seconds when one is set; no schema to migrate.
 */
export const redisCapabilities = Object.freeze({ ttl: true }) satisfies Partial<BackendCapabilities>;
