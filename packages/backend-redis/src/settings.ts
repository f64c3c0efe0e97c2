import type { BackendSetting } from '@infer/core';

/** The defaults of `storage.redis`: those of earlier releases, and the schema's (config-schema.ts). */
export const REDIS_DEFAULTS = Object.freeze({
  host: 'localhost',
  port: 6379,
  db: 0,
  ttl: 0,
  key_prefix: '',
  connect_timeout: 5,
  command_timeout: 10,
  tls: 'disable',
} as const);

const D = REDIS_DEFAULTS;

/** `storage.redis`'s keys, for a written configuration and path resolution. */
export const redisSettings: readonly BackendSetting[] = Object.freeze([
  { key: 'host', description: 'The server: a host name or address.', default: D.host },
  { key: 'port', description: 'Its port.', default: D.port },
  { key: 'username', description: 'An ACL user, if the server has them.' },
  { key: 'password', description: 'Better left out of the file: INFER_STORAGE_REDIS_PASSWORD.' },
  { key: 'db', description: 'The database number.', default: D.db },
  { key: 'ttl', description: 'Seconds a conversation is kept; 0 keeps it forever.', default: D.ttl },
  { key: 'key_prefix', description: 'Put before every key, to share a server.', default: D.key_prefix },
  { key: 'connect_timeout', description: 'Seconds connecting may take.', default: D.connect_timeout },
  { key: 'command_timeout', description: 'Seconds one command may take.', default: D.command_timeout },
  { key: 'tls', description: 'disable, require, verify-ca or verify-full.', default: D.tls },
  {
    key: 'tls_root_cert',
    description: 'PEM file of the CA to verify the server against, or system.',
    path: { keywords: ['system'] },
  },
  { key: 'tls_cert', description: 'Client certificate (PEM), for servers with tls-auth-clients.', path: {} },
  { key: 'tls_key', description: 'Its private key (PEM).', path: {} },
]);
