import { TLS_MODES, sectionMessage } from '@infer/core/kit';
import { tlsFile } from '@infer/core/kit/config';
import * as v from 'valibot';
import { REDIS_DEFAULTS as D } from './settings.js';

const seconds = (what: string) => v.number(`must be a number of seconds (${what})`);
const text = v.pipe(v.union([v.string(), v.number()]), v.transform(String));

/** `disable` (plain TCP, the default), or a TLS mode with libpq's meanings (see tlsConnectionOptions). */
export const REDIS_TLS_MODES = ['disable', ...TLS_MODES] as const;

/** The TLS settings by name, for messages. */
export const TLS_KEYS = Object.freeze({
  mode: 'storage.redis.tls',
  rootCert: 'storage.redis.tls_root_cert',
  cert: 'storage.redis.tls_cert',
  key: 'storage.redis.tls_key',
  host: 'storage.redis.host',
});

/**
 * `storage.redis`: the keys earlier releases read (host, port, password, db, ttl) with their
 * defaults, plus username (an ACL user), key_prefix, the timeouts that make a down server a prompt
 * error, and TLS (`rediss`) with the modes and files of the PostgreSQL backend.
 */
export const redisConfigSchema = v.strictObject(
  {
    host: v.optional(
      v.pipe(v.string(), v.trim(), v.minLength(1, 'must be a host name or address, e.g. localhost')),
      D.host,
    ),
    port: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)), D.port),
    // YAML reads `password: 123456` as a number; it is the string the user typed.
    password: v.optional(text),
    username: v.optional(v.pipe(v.string(), v.minLength(1))),
    db: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), D.db),
    ttl: v.optional(v.pipe(seconds('0 = keep forever'), v.integer(), v.minValue(0)), D.ttl),
    key_prefix: v.optional(v.string(), D.key_prefix),
    connect_timeout: v.optional(
      v.pipe(seconds('how long connecting may take'), v.gtValue(0, 'must be more than 0 seconds')),
      D.connect_timeout,
    ),
    command_timeout: v.optional(
      v.pipe(seconds('how long one command may take'), v.gtValue(0, 'must be more than 0 seconds')),
      D.command_timeout,
    ),
    tls: v.optional(v.picklist(REDIS_TLS_MODES), D.tls),
    /** PEM file of the CA certificates to verify the server against, or `system` (Node's trusted CAs). */
    tls_root_cert: tlsFile(true),
    /** Client certificate and its private key (PEM), for servers with `tls-auth-clients`. */
    tls_cert: tlsFile(),
    tls_key: tlsFile(),
  },
  sectionMessage,
);

export type RedisConfig = v.InferOutput<typeof redisConfigSchema>;
