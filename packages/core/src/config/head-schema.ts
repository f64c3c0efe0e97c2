import * as v from 'valibot';

/**
 * `storage.enabled`, `storage.type`, `storage.migrations_dir`; each backend's own section has its
 * own schema. `type` arrives with its default already applied (load.ts): this module is loaded
 * lazily, and a constant shared with the index would cost a start one more module to load.
 */
export const storageHead = v.object({
  enabled: v.optional(v.boolean(), true),
  migrations_dir: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must be a directory path'))),
  type: v.pipe(v.string(), v.minLength(1, 'must name a storage type')),
});
