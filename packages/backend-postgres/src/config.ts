import { userInfo } from 'node:os';
import { ConfigurationError } from '@infer/core';
import { sectionMessage } from '@infer/core/kit';
import { tlsFile } from '@infer/core/kit/config';
import * as v from 'valibot';
import { POSTGRES_DEFAULTS as D } from './settings.js';

/** libpq's meanings: see {@link sslOptions} in connection-options.ts. */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The TLS settings by name, for messages. */
export const TLS_KEYS = Object.freeze({
  mode: 'storage.postgres.ssl_mode',
  rootCert: 'storage.postgres.ssl_root_cert',
  cert: 'storage.postgres.ssl_cert',
  key: 'storage.postgres.ssl_key',
  host: 'storage.postgres.host',
});

/**
 * How the migration lock is held. `session`: one `pg_advisory_lock` on a dedicated connection for
 * the whole run. `transaction`: `pg_advisory_xact_lock` inside each migration's transaction, for
 * transaction-mode poolers (PgBouncer) where a session lock could be released on another server
 * connection than the one that took it.
 */
export const LOCK_MODES = ['session', 'transaction'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

const seconds = (what: string) =>
  v.pipe(v.number(`must be a number of seconds (${what})`), v.gtValue(0, 'must be more than 0 seconds'));
const port = v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(65535));
const name = (message: string) => v.pipe(v.string(), v.trim(), v.minLength(1, message));

/**
 * `storage.postgres`, with the defaults of earlier releases (localhost, 5432, infer_conversations,
 * prefer). Every key can come from the environment: `INFER_STORAGE_POSTGRES_PASSWORD` and so on.
 */
export const postgresConfigSchema = v.strictObject(
  {
    host: v.optional(name('must name a host, e.g. localhost'), D.host),
    port: v.optional(port, D.port),
    database: v.optional(name('must name a database, e.g. infer_conversations'), D.database),
    username: v.optional(
      v.pipe(
        v.string(),
        v.trim(),
        v.transform((user) => user || defaultUsername()),
      ),
      D.username,
    ),
    // A YAML `password: 1234` is a number; a password is text. Empty means none (~/.pgpass may supply one).
    password: v.pipe(
      v.optional(v.union([v.string(), v.number()])),
      v.transform((password) => (password === undefined || password === '' ? undefined : String(password))),
    ),
    ssl_mode: v.optional(v.picklist(SSL_MODES), D.ssl_mode),
    /**
     * PEM file of the CA certificates to verify the server against, or `system` (Node's trusted CAs);
     * default ~/.postgresql/root.crt.
     */
    ssl_root_cert: tlsFile(true),
    /** Client certificate and its private key (PEM), for `cert` authentication or `clientcert=verify-*`. */
    ssl_cert: tlsFile(),
    ssl_key: tlsFile(),
    pool_size: v.optional(
      v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1000)),
      D.pool_size,
    ),
    connect_timeout: v.optional(seconds('time to wait for a connection'), D.connect_timeout),
    // A server that accepts connections and answers nothing (hung, frozen, a dead NAT) fails a
    // storage operation after this long instead of hanging it. Migrations wait for their statements.
    // At most what a Node timer holds (2^31 - 1 ms): a larger one would fire at once.
    query_timeout: v.optional(
      v.pipe(
        seconds('time to wait for the answer to a storage query'),
        v.maxValue(2_147_483, 'must be at most 2147483 seconds (24 days)'),
      ),
      D.query_timeout,
    ),
    lock_timeout: v.optional(seconds('time to wait for the migration lock'), D.lock_timeout),
    lock_mode: v.optional(v.picklist(LOCK_MODES), D.lock_mode),
  },
  sectionMessage,
);

/** The validated `storage.postgres` section. */
export type PostgresConfig = v.InferOutput<typeof postgresConfigSchema>;
/** What a user or an application may write: every key optional. */
export type PostgresConfigInput = v.InferInput<typeof postgresConfigSchema>;

/**
 * Validates settings given in code (the CLI validates the file through the descriptor instead).
 * Idempotent: an already validated config comes back equal.
 */
export function parsePostgresConfig(input: PostgresConfigInput = {}): PostgresConfig {
  const result = v.safeParse(postgresConfigSchema, input);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = ['storage', 'postgres', ...(issue.path ?? []).map((item) => String(item.key))].join('.');
  throw new ConfigurationError(`${path}: ${issue.message}`, { path, hint: 'pass a valid value' });
}

/** libpq's default user: the operating-system user running the process. */
function defaultUsername(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): what libpq would find in the environment.
    return process.env.USER ?? process.env.LOGNAME ?? 'postgres';
  }
}
