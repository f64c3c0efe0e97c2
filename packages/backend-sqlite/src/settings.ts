import type { BackendSetting } from '@infer/core';

/**
 * `storage.sqlite`'s keys, for a written configuration and path resolution. Their defaults are the
 * schema's (config-schema.ts), which `infer init` writes.
 */
export const sqliteSettings: readonly BackendSetting[] = Object.freeze([
  { key: 'path', description: 'The database file.', path: {} },
  {
    key: 'busy_timeout',
    description: "Seconds a write waits for another process's lock (the Inference Gateway CLI, another infer).",
  },
]);
