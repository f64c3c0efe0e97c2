import { TLS_MODES, sectionParser } from '@infer/core/kit';
import { host, port, seconds, section, tlsFile, tlsMode } from '@infer/core/kit/config';
import * as v from 'valibot';

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
export const redisConfigSchema = section({
  host: host('localhost'),
  port: port(6379),
  // YAML reads `password: 123456` as a number; it is the string the user typed.
  password: v.optional(v.pipe(v.union([v.string(), v.number()]), v.transform(String))),
  username: v.optional(v.pipe(v.string(), v.minLength(1))),
  db: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  ttl: v.optional(v.pipe(v.number('must be a number of seconds (0 = keep forever)'), v.integer(), v.minValue(0)), 0),
  /** Prepended to every key; empty is exactly the layout of earlier releases. */
  key_prefix: v.optional(v.string(), ''),
  connect_timeout: seconds('how long connecting may take', 5),
  command_timeout: seconds('how long one command may take', 10),
  tls: tlsMode(REDIS_TLS_MODES, 'disable'),
  /** PEM file of the CA certificates to verify the server against, or `system` (Node's trusted CAs). */
  tls_root_cert: tlsFile(true),
  /** Client certificate and its private key (PEM), for servers with `tls-auth-clients`. */
  tls_cert: tlsFile(),
  tls_key: tlsFile(),
});

/** The validated `storage.redis` section. */
export type RedisConfig = v.InferOutput<typeof redisConfigSchema>;
/** What a user or an application may write: every key optional. */
export type RedisConfigInput = v.InferInput<typeof redisConfigSchema>;

/**
 * Validates settings given in code (the CLI validates the file through the descriptor instead).
 * Idempotent: an already validated config comes back equal.
 */
export const parseRedisConfig = sectionParser('redis', redisConfigSchema);
