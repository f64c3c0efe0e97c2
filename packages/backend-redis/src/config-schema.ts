import { TLS_MODES, sectionMessage, sectionParser } from '@infer/core/kit';
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

/** `host:port`, the host a name, an IPv4 address or an IPv6 address in brackets (`[::1]:7000`). */
const NODE_ADDRESS = /^(?:\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/;

/** One node of a cluster as `host:port`; any node will do, the client learns the others from it. */
const clusterNode = v.pipe(
  v.string('must be "host:port" text'),
  v.trim(),
  v.check((text) => {
    const port = NODE_ADDRESS.exec(text)?.[1];
    return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
  }, 'must be "host:port" with a port from 1 to 65535, e.g. 10.0.0.1:6379'),
);

const NODES_EXAMPLE = 'e.g. ["10.0.0.1:6379"]';

/** `storage.redis.cluster`: a Redis Cluster, reached through the nodes listed, instead of `host` and `port`. */
const cluster = v.optional(
  v.strictObject(
    {
      nodes: v.pipe(
        v.array(clusterNode, 'must be a list of "host:port" entries'),
        v.minLength(1, `must list at least one node of the cluster, ${NODES_EXAMPLE}`),
      ),
    },
    (issue) =>
      // A key it lacks (`nodes`) is named by the issue's path; an unknown key as in every section.
      issue.expected?.startsWith('"')
        ? `is required: the nodes of the cluster, ${NODES_EXAMPLE}`
        : sectionMessage(issue),
  ),
);

/**
 * `storage.redis`: the keys earlier releases read (host, port, password, db, ttl) with their
 * defaults, plus username (an ACL user), key_prefix, the timeouts that make a down server a prompt
 * error, TLS (`rediss`) with the modes and files of the PostgreSQL backend, a cluster instead of
 * one server, and replicas every write waits for.
 */
const sectionSchema = section({
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
  cluster,
  /** Replicas that must acknowledge each write (`WAIT`) before it counts as done; 0 waits for none. */
  wait_replicas: v.optional(v.pipe(v.number('must be a number of replicas'), v.integer(), v.minValue(0)), 0),
});

/**
 * The section, with what a cluster changes: it has database 0 only, and `host` and `port` (filled in by their
 * defaults) name no server of it, so they are left out of a cluster's settings.
 */
export const redisConfigSchema = v.pipe(
  sectionSchema,
  v.forward(
    v.check(
      (config) => config.cluster === undefined || config.db === 0,
      'must be 0 with storage.redis.cluster: a Redis Cluster has database 0 only',
    ),
    ['db'],
  ),
  v.transform((config) =>
    config.cluster === undefined
      ? (config as typeof config & { cluster?: undefined })
      : { ...config, host: undefined, port: undefined, cluster: config.cluster },
  ),
);

/** The validated `storage.redis` section. */
export type RedisConfig = v.InferOutput<typeof redisConfigSchema>;
/** What a user or an application may write: every key optional. */
export type RedisConfigInput = v.InferInput<typeof redisConfigSchema>;

/**
 * Validates settings given in code (the CLI validates the file through the descriptor instead).
 * Idempotent: an already validated config comes back equal.
 */
export const parseRedisConfig = sectionParser('redis', redisConfigSchema);
