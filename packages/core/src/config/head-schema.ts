import * as v from 'valibot';

import { DEFAULT_STORAGE_TYPE } from './defaults.js';

/** `storage.enabled` and `storage.type`; each backend's own section has its own schema. */
export const storageHead = v.object({
  enabled: v.optional(v.boolean(), true),
  type: v.optional(v.pipe(v.string(), v.minLength(1, 'must name a storage type')), DEFAULT_STORAGE_TYPE),
});
