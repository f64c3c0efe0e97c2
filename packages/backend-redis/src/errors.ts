import { ConnectionError, messageOf } from '@infer/core';
import { connectionFailure, tlsVerificationFailure } from '@infer/core/kit';
import { TLS_KEYS } from './config-schema.js';

/** ioredis's parser met a reply that is not RESP (HTTP, SSH, TLS, binary): what answered is not Redis. */
const FOREIGN_REPLY = /Protocol error, got (".*?") as reply type byte/;

/** True for the error of a reply that is not Redis's: it explains the closed connection that follows it. */
export function isForeignReply(error: unknown): boolean {
  return error instanceof Error && FOREIGN_REPLY.test(error.message);
}

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
}

/** What went wrong in words, what to do, and a longer hint naming the settings. */
interface Diagnosis {
  readonly reason: string;
  readonly action: string;
  readonly hint: string;
}

const WHERE_HINT = 'storage.redis.host and storage.redis.port (or INFER_STORAGE_REDIS_HOST / INFER_STORAGE_REDIS_PORT)';

/** What ioredis reports when a connection drops or a command cannot be sent on it. */
const CONNECTION_LOST = new RegExp(
  [
    'ECONNRESET',
    'EPIPE',
    'Connection is closed',
    "isn't writeable",
    'aborted due to connection close',
    'max retries per request',
  ].join('|'),
);

const TLS_PORT_HINT = [
  'a Redis server serves TLS on its tls-port (often 6380), not on its plain port;',
  `check ${WHERE_HINT}`,
].join(' ');

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
  const where = `${endpoint.host}:${endpoint.port}/${endpoint.db}`;
  return new ConnectionError(oneLine(`Redis at ${where}: ${reason}; ${action}`), { hint, cause });
}

/** A failure with no driver error behind it: nothing answered within the connect timeout (ioredis's words). */
export function noAnswerError(): Error {
  return Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' });
}

/** The socket and DNS failures of connecting, in the kit's words; `undefined` for any other. */
function socketFailure(cause: Error, endpoint: Endpoint): ConnectionError | undefined {
  return connectionFailure(cause, {
    engine: 'Redis',
    type: 'redis',
    target: { host: endpoint.host, port: endpoint.port, database: String(endpoint.db) },
    connectTimeoutSeconds: endpoint.connectTimeoutMs / 1000,
  });
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
      hint: TLS_PORT_HINT,
    };
  }
  if (endpoint.tls && (code === 'ETIMEDOUT' || /^connect ETIMEDOUT/.test(text))) {
    // A plain server waits for a command line that the TLS handshake never sends.
    return {
      reason: `no TLS handshake within ${seconds(endpoint.connectTimeoutMs)} (connect_timeout)`,
      action: 'check that the server serves TLS on that port, or set storage.redis.tls to disable',
      hint: TLS_PORT_HINT,
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
  if (/NOPERM/.test(text)) {
    return {
      reason: `the user may not run a command (${text})`,
      action: 'grant the Redis user read and write access to the keys',
      hint: 'the backend runs GET, MGET, SET, DEL, EXPIRE, PERSIST, ZADD, ZREM, ZREVRANGE, EVAL, MULTI and EXEC',
    };
  }
  const foreign = FOREIGN_REPLY.exec(text);
  if (foreign) {
    return {
      reason: `what answered is not a Redis server (its reply began with ${foreign[1]})`,
      action: 'point the configuration at Redis',
      hint: `another service listens on that port; correct ${WHERE_HINT}`,
    };
  }
  if (CONNECTION_LOST.test(`${String(code)} ${text}`)) {
    return {
      reason: 'the connection was lost',
      action: 'check that the server is running; the backend reconnects by itself',
      hint:
        'once Redis answers again, retry: a write that was under way (one MULTI/EXEC) was applied whole or not at ' +
        `all; if it never connected, check ${WHERE_HINT}`,
    };
  }
  return undefined;
}

function redactedCause(error: unknown, secrets: readonly string[]): Error {
  const cause = new Error(oneLine(redact(messageOf(error), secrets)));
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof name === 'string') cause.name = name;
  if (typeof code === 'string') Object.assign(cause, { code });
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
