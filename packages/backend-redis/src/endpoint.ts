/**
 * Where the backend connects (one server, or a cluster's nodes), how messages name it, and the socket failures
 * of reaching it in the kit's words.
 */
import type { ConnectionError } from '@infer/core';
import { type Diagnose, type FailureFacts, SOCKET_FAILURES, connectionFailure } from '@infer/core/kit';

/** Where the backend connects and what it must never print; used to word every driver failure. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly connectTimeoutMs: number;
  readonly commandTimeoutMs: number | undefined;
  /** Connects with TLS. */
  readonly tls: boolean;
  /** Values removed from every message and cause (the password). */
  readonly secrets: readonly string[];
  /** A cluster's nodes as configured (`host` and `port` are then the first); absent for one server. */
  readonly nodes?: readonly string[];
}

const WHERE_HINT = 'storage.redis.host and storage.redis.port (or INFER_STORAGE_REDIS_HOST / INFER_STORAGE_REDIS_PORT)';
export const CLUSTER_HINT = 'storage.redis.cluster.nodes';

/** The settings that say where the server is, for hints. */
export function whereHint(endpoint: Endpoint): string {
  return endpoint.nodes ? CLUSTER_HINT : WHERE_HINT;
}

/** `Redis at host:port/db`, or `Redis Cluster at host:port, host:port`: what a message is about. */
export function subject(endpoint: Endpoint): string {
  const { host, port, db, nodes } = endpoint;
  return nodes ? `Redis Cluster at ${nodes.join(', ')}` : `Redis at ${host}:${port}/${db}`;
}

/** A failure with no driver error behind it: nothing answered within the connect timeout (ioredis's words). */
export function noAnswerError(): Error {
  return Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
}

/** The socket and DNS failures of connecting, in the kit's words; `undefined` for any other. */
export function socketFailure(cause: Error, endpoint: Endpoint): ConnectionError | undefined {
  // A cluster names the node that failed (the socket error's address), and the nodes setting in every hint.
  const { address, port } = cause as { address?: unknown; port?: unknown };
  const node = typeof address === 'string' && typeof port === 'number' ? { host: address, port } : endpoint;
  return connectionFailure(cause, {
    engine: endpoint.nodes ? 'Redis Cluster' : 'Redis',
    type: 'redis',
    target: { host: node.host, port: node.port, database: String(endpoint.db) },
    connectTimeoutSeconds: endpoint.connectTimeoutMs / 1000,
    ...(endpoint.nodes ? { codes: CLUSTER_SOCKET_FAILURES } : {}),
  });
}

/** The kit's socket failures with a hint for a cluster: its nodes are one setting, not host and port. */
const CLUSTER_SOCKET_FAILURES: Readonly<Record<string, Diagnose>> = Object.fromEntries(
  Object.entries(SOCKET_FAILURES).map(([code, diagnose]) => [
    code,
    (facts: FailureFacts) => ({
      ...diagnose(facts)!,
      hint: `check that the nodes in ${CLUSTER_HINT} run and are reachable, or raise storage.redis.connect_timeout`,
    }),
  ]),
);
