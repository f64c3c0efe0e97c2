import type { BackendSetting } from '@infer/core';
import { tlsFileSettings } from '@infer/core/kit/plugin';

/**
 * `storage.redis`'s keys, for a written configuration and path resolution. Their defaults are the
 * schema's (config-schema.ts), which `infer init` writes.
 */
export const redisSettings: readonly BackendSetting[] = Object.freeze([
  { key: 'host', description: 'The server: a host name or address.' },
  { key: 'port', description: 'Its port.' },
  { key: 'username', description: 'An ACL user, if the server has them.' },
  { key: 'password', description: 'Better left out of the file: INFER_STORAGE_REDIS_PASSWORD.' },
  { key: 'db', description: 'The database number.' },
  { key: 'ttl', description: 'Seconds a conversation is kept; 0 keeps it forever.' },
  { key: 'key_prefix', description: 'Put before every key, to share a server.' },
  { key: 'connect_timeout', description: 'Seconds connecting may take.' },
  { key: 'command_timeout', description: 'Seconds one command may take.' },
  { key: 'tls', description: 'disable, require, verify-ca or verify-full.' },
  { key: 'cluster', description: 'A Redis Cluster instead of host and port: nodes: ["10.0.0.1:6379", ...].' },
  { key: 'wait_replicas', description: 'Replicas that must confirm each write (WAIT); 0 waits for none.' },
  ...tlsFileSettings('tls', {
    rootCert: 'PEM file of the CA to verify the server against, or system.',
    cert: 'Client certificate (PEM), for servers with tls-auth-clients.',
  }),
]);
