import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '@infer/core';
import { z } from 'zod';

/** libpq's meanings: see {@link sslOptions} in connection-options.ts. */
export const SSL_MODES = ['disable', 'prefer', 'require', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/**
 * How the migration lock is held. `session`: one `pg_advisory_lock` on a dedicated connection for
 * the whole run. `transaction`: `pg_advisory_xact_lock` inside each migration's transaction, for
 * transaction-mode poolers (PgBouncer) where a session lock could be released on another server
 * connection than the one that took it.
 */
export const LOCK_MODES = ['session', 'transaction'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

const seconds = (what: string) => z.number({ error: `must be a number of seconds (${what})` }).positive('must be more than 0 seconds');

/**
 * `storage.postgres`, with the defaults of earlier releases (localhost, 5432, infer_conversations,
 * prefer). Every key can come from the environment: `INFER_STORAGE_POSTGRES_PASSWORD` and so on.
 */
export const postgresConfigSchema = z.strictObject({
  host: z.string().trim().min(1, 'must name a host, e.g. localhost').default('localhost'),
  port: z.number().int('must be a whole number').min(1).max(65535).default(5432),
  database: z.string().trim().min(1, 'must name a database, e.g. infer_conversations').default('infer_conversations'),
  // Earlier releases shipped `username: ""`, which libpq reads as "the operating-system user".
  username: z.string().trim().optional().transform((name) => name || defaultUsername()),
  // A YAML `password: 1234` is a number; a password is text. Empty means none (~/.pgpass may supply one).
  password: z
    .union([z.string(), z.number()])
    .optional()
    .transform((password) => (password === undefined || password === '' ? undefined : String(password))),
  ssl_mode: z.enum(SSL_MODES).default('prefer'),
  /** PEM file of the CA that signed the server's certificate (verify-full); default: Node's trusted CAs. */
  ssl_root_cert: z.string().trim().min(1).optional().transform((path) => (path === undefined ? undefined : expandPath(path))),
  pool_size: z.number().int('must be a whole number').min(1).max(1000).default(10),
  connect_timeout: seconds('time to wait for a connection').default(10),
  lock_timeout: seconds('time to wait for the migration lock').default(60),
  lock_mode: z.enum(LOCK_MODES).default('session'),
});

/** The validated `storage.postgres` section. */
export type PostgresConfig = z.output<typeof postgresConfigSchema>;
/** What a user or an application may write: every key optional. */
export type PostgresConfigInput = z.input<typeof postgresConfigSchema>;

/**
 * Validates settings given in code (the CLI validates the file through the descriptor instead).
 * Idempotent: an already validated config comes back equal.
 */
export function parsePostgresConfig(input: PostgresConfigInput = {}): PostgresConfig {
  const result = postgresConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = ['storage', 'postgres', ...issue.path.map(String)].join('.');
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

function expandPath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return resolve(path);
}
