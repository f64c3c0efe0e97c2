/**
 * `@infer/core/kit/plugin`: what a backend plugin's hook and descriptor need, and nothing more. The
 * CLI loads a descriptor through its hook on every start, before it knows whether a store will even
 * open, so these are kept apart from the rest of the kit (`@infer/core/kit`, which exports them too).
 *
 * @example
 * // hook.ts
 * import { defineBackendHook } from '@infer/core/kit/plugin';
 * export default defineBackendHook(myBackend);
 */
export { defineBackendHook } from '../di/hook.js';
export { lazySchema } from '../contract/lazy-schema.js';
export { mergeMigrations } from '../migrations/merge.js';
export { tlsFileSettings } from '../tls.js';
