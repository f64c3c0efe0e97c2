import { ConnectionError, messageOf } from '@infer/core';
import { tlsVerificationFailure } from '@infer/core/kit';
import { TLS_KEYS } from './config-schema.js';
import { CLUSTER_HINT, type Endpoint, socketFailure, subject, whereHint } from './endpoint.js';

/** ioredis's parser met a reply that is not RESP (HTTP, SSH, TLS, binary): what answered is not Redis. */
const FOREIGN_REPLY = /Protocol error, got (".*?") as reply type byte/;

/** True for the error of a reply that is not Redis's: it explains the closed connection that follows it. */
export function isForeignReply(error: unknown): boolean {
  return error instanceof Error && FOREIGN_REPLY.test(error.message);
}

/** What went wrong in words, what to do, and a longer hint naming the settings. */
interface Diagnosis {
  readonly reason: string;
  readonly action: string;
  readonly hint: string;
}

/** What ioredis reports when a connection drops or a command cannot be sent on it. */
const CONNECTION_LOST = new RegExp(
  [
    'ECONNRESET',
    'EPIPE',
    'Connection is closed',
    "Cluster isn't ready",
    'Cluster is ended',
    "isn't writeable",
    'aborted due to connection close',
    'max retries per request',
  ].join('|'),
);

const tlsPortHint = (endpoint: Endpoint) =>
  `a Redis server serves TLS on its tls-port (often 6380), not on its plain port; check ${whereHint(endpoint)}`;

/** What a TLS client gets when the other end answers in plain text. */
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|WRONG_VERSION_NUMBER/i;

/**
 * Turns any failure of the driver into a one-line `ConnectionError` that names host, port and
 * database, says what to do, and contains no secret: not in the message, the hint, nor the cause,
 * which is rebuilt from the redacted message because ioredis attaches a command's arguments (AUTH's
 * password) to its errors. A server that cannot be reached (refused, unresolvable, unreachable, no
 * answer) is worded by the kit, as for every backend; what only Redis says, in Redis's words.
 */
export function toConnectionError(error: unknown, endpoint: Endpoint): ConnectionError {
  const cause = redactedCause(error, endpoint.secrets);
  const diagnosis = diagnose(cause, endpoint);
  const unreached = diagnosis === undefined ? socketFailure(cause, endpoint) : undefined;
  if (unreached) return unreached;
  const { reason, action, hint } = diagnosis ?? {
    reason: `the command failed (${cause.message})`,
    action: 'check the server',
    hint: 'the cause below is the error Redis returned',
  };
  return new ConnectionError(oneLine(`${subject(endpoint)}: ${reason}; ${action}`), { hint, cause });
}

/** A write that fewer replicas than `storage.redis.wait_replicas` acknowledged (WAIT) within `timeoutMs`. */
export function unconfirmedWrite(
  endpoint: Endpoint,
  { replicas, acknowledged, timeoutMs }: { replicas: number; acknowledged: number; timeoutMs: number },
): ConnectionError {
  const reason =
    `the write was made on the master but not confirmed on ${replicas} ${replicas === 1 ? 'replica' : 'replicas'} ` +
    `within ${seconds(timeoutMs)} (${acknowledged} acknowledged)`;
  return new ConnectionError(
    `${subject(endpoint)}: ${reason}; check the replicas and their link to the master, or lower ` +
      'storage.redis.wait_replicas',
    {
      hint:
        'the write stands on the master, and replicates once a replica is back: it is lost only if the master fails ' +
        'first; replicas are counted on the master that took the write (a cluster has one master per shard)',
    },
  );
}

/** What only Redis (or ioredis) says, in its words; `undefined` for a socket failure or an unknown one. */
function diagnose(error: Error, endpoint: Endpoint): Diagnosis | undefined {
  const code = (error as { code?: unknown }).code;
  const text = error.message;
  const tls = tlsVerificationFailure(error, TLS_KEYS);
  if (tls) return { reason: tls.reason, action: 'fix the TLS settings', hint: tls.hint };
  if (endpoint.tls && NOT_TLS.test(`${String(code)} ${text}`)) {
    return {
      reason: 'the server does not speak TLS on that port',
      action: 'point storage.redis.port at its tls-port, or set storage.redis.tls to disable',
      hint: tlsPortHint(endpoint),
    };
  }
  if (endpoint.tls && (code === 'ETIMEDOUT' || /^connect ETIMEDOUT/.test(text))) {
    // A plain server waits for a command line that the TLS handshake never sends.
    return {
      reason: `no TLS handshake within ${seconds(endpoint.connectTimeoutMs)} (connect_timeout)`,
      action: 'check that the server serves TLS on that port, or set storage.redis.tls to disable',
      hint: tlsPortHint(endpoint),
    };
  }
  if (text === 'Command timed out') {
    const limit =
      endpoint.commandTimeoutMs === undefined
        ? 'in time'
        : `within ${seconds(endpoint.commandTimeoutMs)} (command_timeout)`;
    return {
      reason: `a command got no answer ${limit}`,
      action: 'check the server and its load',
      hint: 'raise storage.redis.command_timeout if the server is only slow',
    };
  }
  if (/WRONGPASS|invalid password|invalid username-password/i.test(text)) {
    return {
      reason: 'the server refused the credentials',
      action: 'correct storage.redis.password or storage.redis.username',
      hint: 'set the password with INFER_STORAGE_REDIS_PASSWORD rather than in a shared file',
    };
  }
  if (/NOAUTH/.test(text)) {
    return {
      reason: 'the server requires a password',
      action: 'set storage.redis.password',
      hint: 'set the password with INFER_STORAGE_REDIS_PASSWORD rather than in a shared file',
    };
  }
  if (/DB index is out of range|invalid DB index/i.test(text)) {
    return {
      reason: `database ${endpoint.db} does not exist`,
      action: "set storage.redis.db below the server's `databases` setting",
      hint: 'databases are numbered from 0; the default server has 16',
    };
  }
  if (/^(Failed to refresh slots cache|None of startup nodes is available)/.test(text)) {
    return {
      reason: `no node of the cluster answered (${text})`,
      action: `check that the nodes in ${CLUSTER_HINT} are running and reachable`,
      hint: 'any one node will do: the client learns the others from it; set a password or TLS as for one server',
    };
  }
  if (/^CLUSTERDOWN/.test(text)) {
    return {
      reason: `the cluster is down (${text})`,
      action: 'check that every master, or a replica to take its place, is running',
      hint: 'a cluster serves no slot while one has no master; during a failover, retry in a few seconds',
    };
  }
  if (/NOPERM/.test(text)) {
    return {
      reason: `the user may not run a command (${text})`,
      action: 'grant the Redis user read and write access to the keys',
      hint:
        'the backend runs GET, MGET, SET, DEL, EXPIRE, PERSIST, ZADD, ZREM, ZREVRANGE, EVAL, MULTI and EXEC; WAIT ' +
        'with wait_replicas; CLUSTER SLOTS and CLUSTER INFO on a cluster',
    };
  }
  const foreign = FOREIGN_REPLY.exec(text);
  if (foreign) {
    return {
      reason: `what answered is not a Redis server (its reply began with ${foreign[1]})`,
      action: 'point the configuration at Redis',
      hint: `another service listens on that port; correct ${whereHint(endpoint)}`,
    };
  }
  if (CONNECTION_LOST.test(`${String(code)} ${text}`)) {
    return {
      reason: 'the connection was lost',
      action: 'check that the server is running; the backend reconnects by itself',
      hint:
        'once Redis answers again, retry: a write that was under way (one MULTI/EXEC) was applied whole or not at ' +
        `all; if it never connected, check ${whereHint(endpoint)}`,
    };
  }
  return undefined;
}

function redactedCause(error: unknown, secrets: readonly string[]): Error {
  const cause = new Error(oneLine(redact(messageOf(error), secrets)));
  const { code, name, address, port } = (error ?? {}) as Record<string, unknown>;
  if (typeof name === 'string') cause.name = name;
  if (typeof code === 'string') Object.assign(cause, { code });
  // Where a socket failed (a cluster's messages name the node).
  if (typeof address === 'string' && typeof port === 'number') Object.assign(cause, { address, port });
  return cause;
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret ? result.split(secret).join('***') : result), text);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
