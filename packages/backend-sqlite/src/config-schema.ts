import { resolveUserPath, sectionMessage } from '@infer/core/kit';
import * as v from 'valibot';
import { DEFAULT_SQLITE_BUSY_TIMEOUT, DEFAULT_SQLITE_PATH } from './defaults.js';

/** `storage.sqlite`. The default goes through the pipe too, so its `~` is expanded like a configured one. */
export const sqliteConfigSchema = v.strictObject(
  {
    path: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.minLength(1, 'must be a file path, e.g. ~/.infer/conversations.db'),
        v.transform(resolveUserPath),
      ),
      DEFAULT_SQLITE_PATH,
    ),
    // Seconds a write waits for another process's lock (the Inference Gateway CLI, another infer).
    busy_timeout: v.optional(
      v.pipe(
        v.number('must be a number of seconds'),
        v.minValue(0, 'must be 0 or more seconds'),
        v.maxValue(2_147_483, 'must be at most 2147483 seconds (24 days)'),
      ),
      DEFAULT_SQLITE_BUSY_TIMEOUT,
    ),
  },
  sectionMessage,
);

export type SqliteConfig = v.InferOutput<typeof sqliteConfigSchema>;
