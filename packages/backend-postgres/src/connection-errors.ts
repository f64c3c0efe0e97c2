import { ConnectionError, messageOf } from '@infer/core';
import { tlsVerificationFailure } from '@infer/core/kit';
import { TLS_KEYS } from './config.js';
import type { PgTarget } from './pg-types.js';

/** What a connection failure message needs besides the error; the password only to keep it out. */
export interface FailureContext {
  readonly target: PgTarget;
  readonly connectTimeoutSeconds?: number;
  readonly queryTimeoutSeconds?: number;
  readonly password?: string;
}

interface Diagnosis {
  readonly reason: string;
  readonly hint: string;
  /** What happened to the connection: none was made (the default), it went away, or it stopped answering. */
  readonly state?: 'lost' | 'unanswered';
}

const VERBS = { lost: 'lost the connection to', unanswered: 'no answer from', unmade: 'cannot connect to' } as const;

/** node-postgres's error when a query's `query_timeout` passed without an answer. */
export const QUERY_TIMED_OUT = 'Query read timeout';

/** node-postgres says this when the server answers the TLS request with "no". */
export function isTlsRefused(error: unknown): boolean {
  return messageOf(error) === 'The server does not support SSL connections';
}

/**
 * A one-line `ConnectionError` naming host, port and database and saying what to do, when `error`
 * means the server could not be reached or refused the session; `undefined` for any other error
 * (a failing statement), which the caller rethrows as it is.
 */
export function connectionFailure(error: unknown, context: FailureContext): ConnectionError | undefined {
  const diagnosis = diagnose(error, context);
  if (!diagnosis) return undefined;
  const { host, port, database } = context.target;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const verb = VERBS[diagnosis.state ?? 'unmade'];
  const message = `${verb} PostgreSQL at ${where}, database "${database}": ${oneLine(diagnosis.reason)}`;
  // The message and hint are built from the target and the server's own words, neither of which
  // holds the password; a driver error that quotes it anyway is not kept as the cause.
  const secret = context.password;
  const quotesSecret = secret !== undefined && secret !== '' && chainText(error).includes(secret);
  return new ConnectionError(message, { hint: diagnosis.hint, ...(quotesSecret ? {} : { cause: error }) });
}

/** What to do when the server went away under an open connection. */
const LOST_HINT =
  'once PostgreSQL runs again (see its log), retry: a write that was under way was committed whole or not at all';

function diagnose(
  error: unknown,
  { target, connectTimeoutSeconds, queryTimeoutSeconds }: FailureContext,
): Diagnosis | undefined {
  const code = codeOf(error);
  const message = messageOf(error);
  const settings = 'storage.postgres';
  switch (code) {
    case 'ECONNREFUSED':
      return {
        reason: 'connection refused',
        hint: `start PostgreSQL, or correct ${settings}.host and ${settings}.port`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NODATA':
      return {
        reason: `host "${target.host}" cannot be resolved`,
        hint: `correct ${settings}.host (or INFER_STORAGE_POSTGRES_HOST)`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: 'host unreachable', hint: `check the network path to the server, or correct ${settings}.host` };
    case '3D000':
      return {
        reason: `database "${target.database}" does not exist`,
        hint:
          `create it (createdb -h ${target.host} -p ${target.port} -U ${target.user} ${target.database}) or set ` +
          `${settings}.database`,
      };
    case '28P01':
      return {
        reason: `password authentication failed for user "${target.user}"`,
        hint: `correct ${settings}.username and ${settings}.password (or INFER_STORAGE_POSTGRES_PASSWORD)`,
      };
    case '28000':
      return {
        reason: message,
        hint: `correct ${settings}.username, or allow this user, database and client host in the server's pg_hba.conf`,
      };
    case '53300':
      return { reason: message, hint: `lower ${settings}.pool_size, or raise the server's max_connections` };
    case '57P01':
    case '57P02':
      return { reason: message, hint: LOST_HINT, state: 'lost' };
    case '57P03':
      return { reason: message, hint: 'retry once the server is up (see its log)' };
  }
  const tls = tlsVerificationFailure(error, TLS_KEYS);
  if (tls) return tls;
  if (isTlsRefused(error)) {
    return {
      reason: 'the server does not accept TLS connections',
      hint: `set ${settings}.ssl_mode to prefer or disable, or enable ssl on the server`,
    };
  }
  // Something that is not PostgreSQL answered the TLS request (neither "S" nor "N").
  if (message === 'There was an error establishing an SSL connection') {
    return {
      reason: 'what answered is not a PostgreSQL server',
      hint: `correct ${settings}.host and ${settings}.port to point at PostgreSQL`,
    };
  }
  // node-postgres, when a query's query_timeout passed: the connection is dropped, the server rolls back.
  if (message === QUERY_TIMED_OUT) {
    return {
      reason:
        queryTimeoutSeconds === undefined
          ? "nothing within the pool's query_timeout"
          : `nothing within ${queryTimeoutSeconds} s (query_timeout)`,
      hint:
        'check the server and its load, or raise ' +
        `${queryTimeoutSeconds === undefined ? "the pool's query_timeout" : `${settings}.query_timeout`} if it is ` +
        'only slow; a write that was under way was committed whole or not at all',
      state: 'unanswered',
    };
  }
  if (
    code === 'ETIMEDOUT' ||
    /timeout expired|connection timeout|timeout exceeded when trying to connect/i.test(message)
  ) {
    const within = connectTimeoutSeconds === undefined ? '' : ` within ${connectTimeoutSeconds} s`;
    return {
      reason: `no answer${within}`,
      hint: `check that the server is reachable (host, port, firewall), or raise ${settings}.connect_timeout`,
    };
  }
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /^Connection terminated/.test(message) ||
    (code?.startsWith('08') ?? false)
  ) {
    return {
      reason: `the connection was closed (${message})`,
      hint: `${LOST_HINT}; if it never connects, check that ${settings}.host and port point at PostgreSQL`,
      state: 'lost',
    };
  }
  // node-postgres, for a query on a connection that the server dropped earlier.
  if (message === 'Client has encountered a connection error and is not queryable') {
    return { reason: 'the server closed it earlier', hint: LOST_HINT, state: 'lost' };
  }
  return undefined;
}

/** The `code` of a driver or socket error; Node's multi-address connects wrap them in an AggregateError. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const inner = (error as { errors?: unknown[] }).errors?.[0];
  return inner === undefined ? undefined : codeOf(inner);
}

function chainText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    parts.push(String(current));
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
