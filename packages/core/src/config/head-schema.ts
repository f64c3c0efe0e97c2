import * as v from 'valibot';

import { DEFAULT_STORAGE_TYPE } from './defaults.js';

/** `storage.enabled`, `storage.type`, `storage.migrations_dir`; each backend's own section has its own schema. */
export const storageHead = v.object({
  enabled: v.optional(v.boolean(), true),
  migrations_dir: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must be a directory path'))),
  type: v.optional(v.pipe(v.string(), v.minLength(1, 'must name a storage type')), DEFAULT_STORAGE_TYPE),
});
