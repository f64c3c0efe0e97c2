import { sectionParser } from '@infer/core/kit';
import { dataFile, section, waitSeconds } from '@infer/core/kit/config';
import type * as v from 'valibot';
import { BUSY_TIMEOUT_MS } from './lock-wait.js';

/**
 * `storage.sqlite`, with the defaults of earlier releases: their database file, and their wait for a
 * lock (lock-wait.ts holds it: a connection opened without a configuration waits as long).
 * The default path goes through the pipe too, so its `~` is expanded like a configured one.
 */
export const sqliteConfigSchema = section({
  path: dataFile('~/.infer/conversations.db'),
  busy_timeout: waitSeconds(BUSY_TIMEOUT_MS / 1000),
});

/** The validated `storage.sqlite` section: an absolute `path`, `busy_timeout` in seconds. */
export type SqliteConfig = v.InferOutput<typeof sqliteConfigSchema>;
/** `storage.sqlite` as a user writes it: every key optional, a relative `path` from the current directory. */
export type SqliteConfigInput = v.InferInput<typeof sqliteConfigSchema>;

/** Validates settings given in code (the CLI validates the file through the descriptor). Idempotent. */
export const parseSqliteConfig = sectionParser('sqlite', sqliteConfigSchema);
