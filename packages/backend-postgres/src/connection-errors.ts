import { type ConnectionError, messageOf } from '@infer/core';
import {
  type ConnectionDiagnosis,
  type Diagnose,
  type FailureFacts,
  codeOf,
  connectionFailure,
  tlsVerificationFailure,
} from '@infer/core/kit';
import { TLS_KEYS } from './config.js';
import type { PgTarget } from './pg-types.js';

/** What a connection failure message needs besides the error; the password only to keep it out. */
interface FailureContext {
  readonly target: PgTarget;
  readonly connectTimeoutSeconds?: number | undefined;
  readonly queryTimeoutSeconds?: number | undefined;
  readonly password?: string | undefined;
}

/** node-postgres's error when a query's `query_timeout` passed without an answer. */
const QUERY_TIMED_OUT = 'Query read timeout';

/** node-postgres says this when the server answers the TLS request with "no". */
export function isTlsRefused(error: unknown): boolean {
  return messageOf(error) === 'The server does not support SSL connections';
}

/** Whether `error`, or an error it was described from, is a query that got no answer within its `query_timeout`. */
export function isQueryTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; depth++) {
    if (current.message === QUERY_TIMED_OUT) return true;
    current = current.cause;
  }
  return false;
}

/** What to do when the server went away under an open connection. */
const LOST_HINT =
  'once PostgreSQL runs again (see its log), retry: a write that was under way was committed whole or not at all';

const lost: Diagnose = ({ message, settings }) => ({
  reason: `the connection was closed (${message})`,
  hint: `${LOST_HINT}; if it never connects, check that ${settings}.host and port point at PostgreSQL`,
  state: 'lost',
});

/** PostgreSQL's SQLSTATE codes that mean "could not connect", besides the socket's. */
const SQLSTATES: Readonly<Record<string, Diagnose>> = {
  '3D000': ({ target, settings }) => ({
    reason: `database "${target.database}" does not exist`,
    hint:
      `create it (createdb -h ${target.host} -p ${target.port} -U ${target.user} ${target.database}) or set ` +
      `${settings}.database`,
  }),
  '28P01': ({ target, settings, variable }) => ({
    reason: `password authentication failed for user "${target.user}"`,
    hint: `correct ${settings}.username and ${settings}.password (or ${variable('password')})`,
  }),
  '28000': ({ message, settings }) => ({
    reason: message,
    hint: `correct ${settings}.username, or allow this user, database and client host in the server's pg_hba.conf`,
  }),
  '53300': ({ message, settings }) => ({
    reason: message,
    hint: `lower ${settings}.pool_size, or raise the server's max_connections`,
  }),
  '57P01': ({ message }) => ({ reason: message, hint: LOST_HINT, state: 'lost' }),
  '57P02': ({ message }) => ({ reason: message, hint: LOST_HINT, state: 'lost' }),
  '57P03': ({ message }) => ({ reason: message, hint: 'retry once the server is up (see its log)' }),
  ECONNRESET: lost,
  EPIPE: lost,
};

/** Failures node-postgres reports by message only, in the order they are told apart. */
function byMessage(error: unknown, facts: FailureFacts, queryTimeoutSeconds?: number): ConnectionDiagnosis | undefined {
  const { message, settings } = facts;
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
  // The connection is dropped, and the server rolls back.
  if (message === QUERY_TIMED_OUT) {
    const pools = queryTimeoutSeconds === undefined;
    const limit = pools ? "the pool's query_timeout" : `${settings}.query_timeout`;
    return {
      reason: `nothing within ${pools ? limit : `${queryTimeoutSeconds} s (query_timeout)`}`,
      hint:
        `check the server and its load, or raise ${limit} if it is only slow; a write that was under way was ` +
        'committed whole or not at all',
      state: 'unanswered',
    };
  }
  if (/timeout expired|connection timeout|timeout exceeded when trying to connect/i.test(message)) {
    const within = facts.connectTimeoutSeconds === undefined ? '' : ` within ${facts.connectTimeoutSeconds} s`;
    return {
      reason: `no answer${within}`,
      hint: `check that the server is reachable (host, port, firewall), or raise ${settings}.connect_timeout`,
    };
  }
  if (/^Connection terminated/.test(message) || (codeOf(error)?.startsWith('08') ?? false)) return lost(facts);
  // A query on a connection that the server dropped earlier.
  if (message === 'Client has encountered a connection error and is not queryable') {
    return { reason: 'the server closed it earlier', hint: LOST_HINT, state: 'lost' };
  }
  return undefined;
}

/**
 * A one-line `ConnectionError` naming host, port and database and saying what to do, when `error`
 * means the server could not be reached or refused the session; `undefined` for any other error
 * (a failing statement), which the caller rethrows as it is.
 */
export function pgConnectionFailure(error: unknown, context: FailureContext): ConnectionError | undefined {
  const { target, connectTimeoutSeconds, queryTimeoutSeconds, password } = context;
  return connectionFailure(error, {
    engine: 'PostgreSQL',
    type: 'postgres',
    target,
    ...(connectTimeoutSeconds === undefined ? {} : { connectTimeoutSeconds }),
    ...(password === undefined ? {} : { password }),
    codes: SQLSTATES,
    diagnose: (cause, facts) => byMessage(cause, facts, queryTimeoutSeconds),
    quoteDriverMessage: false,
  });
}
