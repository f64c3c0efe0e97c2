import { ConnectionError, messageOf } from '../errors.js';

/** Where a connection goes, for messages. Never holds the password. */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The user the connection logs in as, for messages about access. */
  readonly user?: string;
}

/** Why a connection failed and what to do about it. */
export interface ConnectionDiagnosis {
  /** What happened, completing "cannot connect to MariaDB at host:port, database "x": …". */
  readonly reason: string;
  /** What to do: which setting or variable to correct, what to start. */
  readonly hint: string;
  /** What became of the connection: none was made (default), it went away, or it stopped answering. */
  readonly state?: 'unmade' | 'lost' | 'unanswered';
}

/** What a diagnosis may say: the target, the settings' names, and the driver's own message. */
export interface FailureFacts {
  readonly engine: string;
  readonly target: ConnectionTarget;
  /** The section's path, `storage.mariadb`: `${settings}.host` names a key. */
  readonly settings: string;
  /** The environment variable of a key: `variable('host')` is `INFER_STORAGE_MARIADB_HOST`. */
  variable(key: string): string;
  /** The driver's message, on one line, without credentials. */
  readonly message: string;
  readonly connectTimeoutSeconds?: number;
}

/** A diagnosis by error code, or a reason to look further (`undefined`). */
export type Diagnose = (facts: FailureFacts) => ConnectionDiagnosis | undefined;

export interface ConnectionFailureOptions {
  /** The engine's name in messages: `MariaDB`, `PostgreSQL`. */
  readonly engine: string;
  /** The storage type, whose section (`storage.<type>`) and variables (`INFER_STORAGE_<TYPE>_*`) hints name. */
  readonly type: string;
  readonly target: ConnectionTarget;
  /** `connect_timeout`, named in the message of a connection that got no answer. */
  readonly connectTimeoutSeconds?: number;
  /** The configured password: a driver text quoting it is left out of the message and the cause. */
  readonly password?: string;
  /**
   * The driver's own codes, checked before {@link SOCKET_FAILURES} (and overriding them), e.g.
   * `{ ER_BAD_DB_ERROR: ({ target }) => ({ reason: `database "${target.database}" does not exist`, hint: … }) }`.
   */
  readonly codes?: Readonly<Record<string, Diagnose>>;
  /** Last resort, for failures a driver reports by message only (a TLS refusal). */
  readonly diagnose?: (error: unknown, facts: FailureFacts) => ConnectionDiagnosis | undefined;
  /** Append the driver's own message in parentheses. Default `true`. */
  readonly quoteDriverMessage?: boolean;
}

/**
 * The common socket and DNS failures, in every engine's words: refused, unresolvable host,
 * unreachable host, no answer, connection reset.
 */
export const SOCKET_FAILURES: Readonly<Record<string, Diagnose>> = Object.freeze({
  ECONNREFUSED: ({ engine, settings }) => ({
    reason: 'connection refused',
    hint: `start ${engine}, or correct ${settings}.host and ${settings}.port`,
  }),
  ENOTFOUND: unresolvable,
  EAI_AGAIN: unresolvable,
  EAI_NODATA: unresolvable,
  EAI_NONAME: unresolvable,
  EHOSTUNREACH: unreachable,
  ENETUNREACH: unreachable,
  ETIMEDOUT: ({ settings, connectTimeoutSeconds }) => ({
    reason: connectTimeoutSeconds === undefined ? 'no answer' : `no answer within ${connectTimeoutSeconds} s`,
    hint: `check that the server is reachable (host, port, firewall), or raise ${settings}.connect_timeout`,
  }),
  ECONNRESET: closed,
  EPIPE: closed,
});

function unresolvable({ target, settings, variable }: FailureFacts): ConnectionDiagnosis {
  return {
    reason: `host "${target.host}" cannot be resolved`,
    hint: `correct ${settings}.host (or ${variable('host')})`,
  };
}

function unreachable({ settings }: FailureFacts): ConnectionDiagnosis {
  return { reason: 'host unreachable', hint: `check the network path to the server, or correct ${settings}.host` };
}

function closed({ engine, settings }: FailureFacts): ConnectionDiagnosis {
  return {
    reason: 'the connection was closed',
    hint: `check that ${settings}.host and ${settings}.port point at a running ${engine} server`,
  };
}

const VERBS = { unmade: 'cannot connect to', lost: 'lost the connection to', unanswered: 'no answer from' } as const;

/**
 * The one-line `ConnectionError` an error stands for when the server could not be reached or
 * refused the session, naming engine, `host:port` and database, with a hint naming the settings
 * and variables to correct; `undefined` for any other error (a failing statement), which the
 * caller rethrows as it is. No password and no URL with credentials reaches the message, and a
 * cause that quotes one is left out.
 *
 * @example
 * const failure = connectionFailure(error, {
 *   engine: 'MariaDB', type: 'mariadb', target: { host, port, database, user }, password,
 *   codes: { ER_BAD_DB_ERROR: ({ target }) => ({ reason: `database "${target.database}" does not exist`,
 *     hint: `create it, or set storage.mariadb.database` }) },
 * });
 * throw failure ?? error;
 * // cannot connect to MariaDB at db:3306, database "infer": connection refused (connect ECONNREFUSED 10.0.0.2:3306)
 */
export function connectionFailure(error: unknown, options: ConnectionFailureOptions): ConnectionError | undefined {
  const facts = failureFacts(error, options);
  const code = codeOf(error);
  const byCode = code === undefined ? undefined : (options.codes?.[code] ?? SOCKET_FAILURES[code]);
  const diagnosis = byCode?.(facts) ?? options.diagnose?.(error, facts);
  if (!diagnosis) return undefined;
  const { host, port, database } = options.target;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const quoted = options.quoteDriverMessage !== false && facts.message !== '' ? ` (${facts.message})` : '';
  const message = oneLine(
    `${VERBS[diagnosis.state ?? 'unmade']} ${options.engine} at ${where}, database "${database}": ` +
      `${diagnosis.reason}${quoted}`,
  );
  const keepCause = !revealsSecret(chainText(error), options.password);
  return new ConnectionError(message, { hint: diagnosis.hint, ...(keepCause ? { cause: error } : {}) });
}

function failureFacts(error: unknown, options: ConnectionFailureOptions): FailureFacts {
  const driverMessage = redactCredentials(oneLine(messageOf(error)));
  return {
    engine: options.engine,
    target: options.target,
    settings: `storage.${options.type}`,
    variable: (key) => `INFER_STORAGE_${options.type}_${key}`.toUpperCase(),
    message: revealsSecret(driverMessage, options.password) ? '' : driverMessage,
    ...(options.connectTimeoutSeconds === undefined ? {} : { connectTimeoutSeconds: options.connectTimeoutSeconds }),
  };
}

/**
 * The `code` of a driver or socket error (`ER_NO_SUCH_TABLE`, `ECONNREFUSED`, `3D000`...), through
 * wrapping causes and Node's AggregateError of a multi-address connect; the `E_…` codes of infer's
 * own errors are skipped.
 *
 * @example
 * codeOf(new Error('failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }))
 * // 'ECONNREFUSED'
 */
export function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 10; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('E_')) return code;
    const inner = (current as { errors?: unknown }).errors;
    const first = Array.isArray(inner) ? inner[0] : undefined;
    current = (current as { cause?: unknown }).cause ?? first;
  }
  return undefined;
}

/** A URL's user information (`scheme://user:password@`), where a driver quotes a connection string. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;

/**
 * `text` with the credentials of every URL in it removed: `postgres://app:s3cret@db/x` becomes
 * `postgres://***@db/x`.
 *
 * @example
 * redactCredentials('connect to mysql://root:pw@db:3306 failed') // 'connect to mysql://***@db:3306 failed'
 */
export function redactCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@');
}

function revealsSecret(text: string, password: string | undefined): boolean {
  return (password !== undefined && password !== '' && text.includes(password)) || redactCredentials(text) !== text;
}

function chainText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    parts.push(String(current), (current as { stack?: unknown }).stack?.toString() ?? '');
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return parts.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
