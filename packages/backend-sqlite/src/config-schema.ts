import { resolveUserPath, sectionMessage } from '@infer/core';
import * as v from 'valibot';
import { DEFAULT_SQLITE_PATH } from './defaults.js';

/** `storage.sqlite`. The default goes through the pipe too, so its `~` is expanded like a configured one. */
export const sqliteConfigSchema = v.strictObject(
  {
    path: v.optional(
      v.pipe(v.string(), v.trim(), v.minLength(1, 'must be a file path, e.g. ~/.infer/conversations.db'), v.transform(resolveUserPath)),
      DEFAULT_SQLITE_PATH,
    ),
  },
  sectionMessage,
);

export type SqliteConfig = v.InferOutput<typeof sqliteConfigSchema>;
