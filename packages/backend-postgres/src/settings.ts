import type { BackendSetting } from '@infer/core';

/** The defaults of `storage.postgres`: those of earlier releases, and the schema's (config.ts). */
export const POSTGRES_DEFAULTS = Object.freeze({
  host: 'localhost',
  port: 5432,
  database: 'infer_conversations',
  // Earlier releases shipped `username: ""`, which libpq reads as "the operating-system user".
  username: '',
  ssl_mode: 'prefer',
  pool_size: 10,
  connect_timeout: 10,
  query_timeout: 30,
  lock_timeout: 60,
  lock_mode: 'session',
} as const);

const D = POSTGRES_DEFAULTS;

/** `storage.postgres`'s keys, for a written configuration and path resolution. */
export const postgresSettings: readonly BackendSetting[] = Object.freeze([
  { key: 'host', description: 'The server: a host name or address.', default: D.host },
  { key: 'port', description: 'Its port.', default: D.port },
  { key: 'database', description: 'The database (create it with createdb).', default: D.database },
  { key: 'username', description: 'The user; empty means the operating-system user.', default: D.username },
  {
    key: 'password',
    description: 'Better left out: INFER_STORAGE_POSTGRES_PASSWORD, PGPASSWORD or ~/.pgpass supply one.',
  },
  {
    key: 'ssl_mode',
    description: 'TLS, as libpq: disable, prefer, require, verify-ca or verify-full.',
    default: D.ssl_mode,
  },
  {
    key: 'ssl_root_cert',
    description: 'PEM file of the CA to verify the server against, or system; default ~/.postgresql/root.crt.',
    path: { keywords: ['system'] },
  },
  { key: 'ssl_cert', description: 'Client certificate (PEM), for certificate authentication.', path: {} },
  { key: 'ssl_key', description: 'Its private key (PEM).', path: {} },
  { key: 'pool_size', description: 'Connections at most.', default: D.pool_size },
  { key: 'connect_timeout', description: 'Seconds to wait for a connection.', default: D.connect_timeout },
  { key: 'query_timeout', description: 'Seconds to wait for the answer to a storage query.', default: D.query_timeout },
  { key: 'lock_timeout', description: 'Seconds to wait for the migration lock.', default: D.lock_timeout },
  {
    key: 'lock_mode',
    description: 'session, or transaction behind a transaction-mode pooler (PgBouncer).',
    default: D.lock_mode,
  },
]);
