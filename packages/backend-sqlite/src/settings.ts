import type { BackendSetting } from '@infer/core';

/**
 * `storage.sqlite`'s keys, for a written configuration and path resolution, with the defaults of
 * earlier releases (their database file, their 30 s wait for a lock): the one place they are
 * written, read by the config schema (config-schema.ts) through `settingDefaults`.
 */
export const sqliteSettings = Object.freeze([
  { key: 'path', description: 'The database file.', default: '~/.infer/conversations.db', path: {} },
  {
    key: 'busy_timeout',
    description: "Seconds a write waits for another process's lock (the Inference Gateway CLI, another infer).",
    default: 30,
  },
] as const) satisfies readonly BackendSetting[];
