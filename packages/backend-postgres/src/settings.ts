import type { BackendSetting } from '@infer/core';
import { tlsFileSettings } from '@infer/core/kit/plugin';

/**
 * `storage.postgres`'s keys, for a written configuration and path resolution. Their defaults are
 * the schema's (config.ts), which `infer init` writes.
 */
export const postgresSettings: readonly BackendSetting[] = Object.freeze([
  { key: 'host', description: 'The server: a host name or address.' },
  { key: 'port', description: 'Its port.' },
  { key: 'database', description: 'The database (create it with createdb).' },
  // Written empty rather than as the schema's default, this machine's user: the file suits every machine.
  { key: 'username', description: 'The user; empty means the operating-system user.', default: '' },
  {
    key: 'password',
    description: 'Better left out: INFER_STORAGE_POSTGRES_PASSWORD, PGPASSWORD or ~/.pgpass supply one.',
  },
  { key: 'ssl_mode', description: 'TLS, as libpq: disable, prefer, require, verify-ca or verify-full.' },
  ...tlsFileSettings('ssl', {
    rootCert: 'PEM file of the CA to verify the server against, or system; default ~/.postgresql/root.crt.',
    cert: 'Client certificate (PEM), for certificate authentication.',
  }),
  { key: 'pool_size', description: 'Connections at most.' },
  { key: 'connect_timeout', description: 'Seconds to wait for a connection.' },
  { key: 'query_timeout', description: 'Seconds to wait for the answer to a storage query.' },
  { key: 'lock_timeout', description: "Seconds to wait for another infer run's migration lock." },
  {
    key: 'lock_mode',
    description: 'auto (transaction behind a pooler such as PgBouncer, else session), session or transaction.',
  },
  {
    key: 'migration_lock_timeout',
    description: "Seconds a migration's statement may wait for a table's lock (0: no limit); then it is retried.",
  },
  { key: 'migration_lock_retries', description: 'Times a migration is run again after such a wait.' },
]);
