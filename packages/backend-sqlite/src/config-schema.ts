import { sectionParser, settingDefaults } from '@infer/core/kit';
import { dataFile, section, waitSeconds } from '@infer/core/kit/config';
import type * as v from 'valibot';
import { sqliteSettings } from './settings.js';

const defaults = settingDefaults(sqliteSettings);

/** `storage.sqlite`. The default path goes through the pipe too, so its `~` is expanded like a configured one. */
export const sqliteConfigSchema = section({
  path: dataFile(defaults.path),
  busy_timeout: waitSeconds(defaults.busy_timeout),
});

/** The validated `storage.sqlite` section: an absolute `path`, `busy_timeout` in seconds. */
export type SqliteConfig = v.InferOutput<typeof sqliteConfigSchema>;
/** `storage.sqlite` as a user writes it: every key optional, a relative `path` from the current directory. */
export type SqliteConfigInput = v.InferInput<typeof sqliteConfigSchema>;

/** Validates settings given in code (the CLI validates the file through the descriptor). Idempotent. */
export const parseSqliteConfig = sectionParser('sqlite', sqliteConfigSchema);
