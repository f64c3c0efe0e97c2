import type { BackendSetting } from '@infer/core';
import { DEFAULT_SQLITE_BUSY_TIMEOUT, DEFAULT_SQLITE_PATH } from './defaults.js';

/** `storage.sqlite`'s keys, for a written configuration and path resolution (see config-schema.ts). */
export const sqliteSettings: readonly BackendSetting[] = Object.freeze([
  { key: 'path', description: 'The database file.', default: DEFAULT_SQLITE_PATH, path: {} },
  {
    key: 'busy_timeout',
    description: "Seconds a write waits for another process's lock (the Inference Gateway CLI, another infer).",
    default: DEFAULT_SQLITE_BUSY_TIMEOUT,
  },
]);
