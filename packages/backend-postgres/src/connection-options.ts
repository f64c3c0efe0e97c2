import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveUserPath, tlsConnectionOptions } from '@infer/core/kit';
import type { ConnectionOptions } from 'node:tls';
import type { PoolConfig } from 'pg';
import { type PostgresConfig, TLS_KEYS } from './config.js';
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

/** libpq's default root certificate file, used when ssl_root_cert is not set. */
const DEFAULT_ROOT_CERT = join('~', '.postgresql', 'root.crt');

/**
 * libpq's sslmode, mapped onto Node's TLS:
 * - `disable`: plain TCP.
 * - `prefer`: TLS without verification if the server offers it, else plain (the caller retries).
 *   Client certificate files are read for it as for the other modes.
 * - `require`: TLS or fail. Without a root certificate unverified (encryption against
 *   eavesdroppers, not against a server posing as the real one); with one (`ssl_root_cert`, or
 *   ~/.postgresql/root.crt when that file exists) the chain is verified, as libpq does.
 * - `verify-ca`: TLS, the chain verified against the root certificate; any host name.
 * - `verify-full`: as verify-ca, and `host` must be a name (or address) the certificate carries.
 * A root certificate named in the configuration must exist, whatever the mode.
 */
export function sslOptions(config: PostgresConfig): false | ConnectionOptions {
  if (config.ssl_mode === 'disable') return false;
  const client = { cert: config.ssl_cert, key: config.ssl_key, keys: TLS_KEYS };
  if (config.ssl_mode === 'prefer') return tlsConnectionOptions({ ...client, mode: 'require', rootCert: undefined });
  const defaultRoot = resolveUserPath(DEFAULT_ROOT_CERT);
  const rootCert =
    config.ssl_root_cert ?? (config.ssl_mode !== 'require' || existsSync(defaultRoot) ? defaultRoot : undefined);
  return tlsConnectionOptions({ ...client, mode: config.ssl_mode, rootCert });
}
