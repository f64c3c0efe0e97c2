import { readFileSync } from 'node:fs';
import { ConfigurationError, messageOf } from '@infer/core';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import type { PostgresConfig } from './config.js';
import type { PgTarget } from './pg-types.js';

/** Shown in pg_stat_activity, so that a lock holder or a long query can be traced back to us. */
export const APPLICATION_NAME = 'infer';

export function targetOf(config: PostgresConfig): PgTarget {
  return { host: config.host, port: config.port, database: config.database, user: config.username };
}

/**
 * node-postgres options for a pool. `ssl` is the first thing to try; for `prefer` the caller falls
 * back to a plain connection when the server refuses TLS (see pool.ts).
 */
export function poolConfig(config: PostgresConfig): PoolConfig {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.username,
    password: config.password,
    ssl: sslOptions(config),
    max: config.pool_size,
    connectionTimeoutMillis: Math.round(config.connect_timeout * 1000),
    application_name: APPLICATION_NAME,
  };
}

/**
 * libpq's sslmode, mapped onto Node's TLS:
 * - `disable`: plain TCP.
 * - `prefer`: TLS without verification if the server offers it, else plain (the caller retries).
 * - `require`: TLS or fail, without verifying the certificate (encryption against eavesdroppers, not
 *   against a server impersonating the real one), as libpq does without a root certificate.
 * - `verify-full`: TLS, the chain verified against `ssl_root_cert` (or Node's trusted CAs) and the
 *   certificate's names checked against `host`.
 */
export function sslOptions(config: PostgresConfig): false | ConnectionOptions {
  switch (config.ssl_mode) {
    case 'disable':
      return false;
    case 'prefer':
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-full':
      return config.ssl_root_cert === undefined
        ? { rejectUnauthorized: true }
        : { rejectUnauthorized: true, ca: readRootCertificate(config.ssl_root_cert) };
  }
}

function readRootCertificate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`storage.postgres.ssl_root_cert: cannot read ${path}: ${messageOf(error)}`, {
      path: 'storage.postgres.ssl_root_cert',
      hint: 'point it at the PEM file of the CA that signed the server certificate',
      cause: error,
    });
  }
}
