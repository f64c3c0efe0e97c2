import { ConfigurationError } from '@infer/core';
import { sectionMessage } from '@infer/core/kit';
import * as v from 'valibot';

const seconds = (what: string) =>
  v.pipe(v.number(`must be a number of seconds (${what})`), v.gtValue(0, 'must be more than 0 seconds'));
const name = (message: string) => v.pipe(v.string(), v.trim(), v.minLength(1, message));

/**
 * `storage.mariadb`. Every key can come from the environment, as for the built-in backends:
 * `INFER_STORAGE_MARIADB_PASSWORD` and so on.
 */
export const mariadbConfigSchema = v.strictObject(
  {
    host: v.optional(name('must name a host, e.g. 127.0.0.1'), '127.0.0.1'),
    port: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(65535)), 3306),
    database: v.optional(name('must name a database, e.g. infer_conversations'), 'infer_conversations'),
    username: v.optional(name('must name a user, e.g. root'), 'root'),
    // A YAML `password: 1234` is a number; a password is text. Empty means none.
    password: v.pipe(
      v.optional(v.union([v.string(), v.number()])),
      v.transform((password) => (password === undefined || password === '' ? undefined : String(password))),
    ),
    pool_size: v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1000)), 10),
    connect_timeout: v.optional(seconds('time to wait for a connection'), 10),
    lock_timeout: v.optional(seconds('time to wait for the migration lock'), 60),
  },
  sectionMessage,
);

/** The validated `storage.mariadb` section. */
export type MariadbConfig = v.InferOutput<typeof mariadbConfigSchema>;
/** What a user or an application may write: every key optional. */
export type MariadbConfigInput = v.InferInput<typeof mariadbConfigSchema>;

/** Validates settings given in code (the CLI validates the file through the descriptor). Idempotent. */
export function parseMariadbConfig(input: MariadbConfigInput = {}): MariadbConfig {
  const result = v.safeParse(mariadbConfigSchema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = ['storage', 'mariadb', ...(issue.path ?? []).map((item) => String(item.key))].join('.');
  throw new ConfigurationError(`${path}: ${issue.message}`, { path, hint: 'pass a valid value' });
}
