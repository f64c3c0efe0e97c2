import { sectionParser } from '@infer/core/kit';
import { database, host, password, poolSize, port, seconds, section, username } from '@infer/core/kit/config';
import type * as v from 'valibot';

/**
 * `storage.mariadb`. Every key can come from the environment, as for the built-in backends:
 * `INFER_STORAGE_MARIADB_PASSWORD` and so on.
 */
export const mariadbConfigSchema = section({
  host: host('127.0.0.1'),
  port: port(3306),
  database: database('infer_conversations'),
  username: username('root'),
  password: password(),
  pool_size: poolSize(10),
  connect_timeout: seconds('time to wait for a connection', 10),
  lock_timeout: seconds('time to wait for the migration lock', 60),
});

/** The validated `storage.mariadb` section. */
export type MariadbConfig = v.InferOutput<typeof mariadbConfigSchema>;
/** What a user or an application may write: every key optional. */
export type MariadbConfigInput = v.InferInput<typeof mariadbConfigSchema>;

/** Validates settings given in code (the CLI validates the file through the descriptor). Idempotent. */
export const parseMariadbConfig = sectionParser('mariadb', mariadbConfigSchema);
