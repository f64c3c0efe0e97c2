import { userInfo } from 'node:os';
import { TLS_MODES, sectionParser } from '@infer/core/kit';
import {
  database,
  host,
  password,
  poolSize,
  port,
  seconds,
  section,
  tlsFile,
  tlsMode,
  waitSeconds,
} from '@infer/core/kit/config';
import * as v from 'valibot';

/** libpq's meanings: see {@link sslOptions} in connection-options.ts. */
export const SSL_MODES = ['disable', 'prefer', ...TLS_MODES] as const;
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
 * connection than the one that took it. `auto` (the default): `transaction` when such a pooler is
 * found before the first lock (see pooler.ts), else `session`.
 */
export const LOCK_MODES = ['auto', 'session', 'transaction'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/**
 * `storage.postgres`, with the defaults of earlier releases (localhost, 5432, infer_conversations,
 * prefer). Every key can come from the environment: `INFER_STORAGE_POSTGRES_PASSWORD` and so on.
 */
export const postgresConfigSchema = section({
  host: host('localhost'),
  port: port(5432),
  database: database('infer_conversations'),
  // Empty or left out: the operating-system user, as in libpq.
  username: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.transform((user) => user || defaultUsername()),
    ),
    defaultUsername,
  ),
  // Empty means none: PGPASSWORD or ~/.pgpass may supply one.
  password: password(),
  ssl_mode: tlsMode(SSL_MODES, 'prefer'),
  /**
   * PEM file of the CA certificates to verify the server against, or `system` (Node's trusted CAs);
   * default ~/.postgresql/root.crt.
   */
  ssl_root_cert: tlsFile(true),
  /** Client certificate and its private key (PEM), for `cert` authentication or `clientcert=verify-*`. */
  ssl_cert: tlsFile(),
  ssl_key: tlsFile(),
  pool_size: poolSize(10),
  connect_timeout: seconds('time to wait for a connection', 10),
  // A server that accepts connections and answers nothing (hung, frozen, a dead NAT) fails a
  // storage operation after this long instead of hanging it. Migrations wait for their statements.
  query_timeout: seconds('time to wait for the answer to a storage query', 30),
  // How long to wait for the migration (advisory) lock that another infer run holds: not a table's lock.
  lock_timeout: seconds('time to wait for the migration lock', 60),
  lock_mode: v.optional(v.picklist(LOCK_MODES), 'auto'),
  // How long a statement of a migration may wait for a table's lock (PostgreSQL's lock_timeout, local
  // to each migration's transaction), and so how long sessions queued behind it wait; 0: no limit.
  migration_lock_timeout: waitSeconds(5),
  // How many times a migration whose statement timed out waiting for a lock runs again from its start.
  migration_lock_retries: v.optional(
    v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0), v.maxValue(100)),
    5,
  ),
});

/** The validated `storage.postgres` section. */
export type PostgresConfig = v.InferOutput<typeof postgresConfigSchema>;
/** What a user or an application may write: every key optional. */
export type PostgresConfigInput = v.InferInput<typeof postgresConfigSchema>;

/**
 * Validates settings given in code (the CLI validates the file through the descriptor instead).
 * Idempotent: an already validated config comes back equal.
 */
export const parsePostgresConfig = sectionParser('postgres', postgresConfigSchema);

/** libpq's default user: the operating-system user running the process. */
function defaultUsername(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): what libpq would find in the environment.
    return process.env.USER ?? process.env.LOGNAME ?? 'postgres';
  }
}
