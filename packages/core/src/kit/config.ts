/**
 * `@infer/core/kit/config`: valibot fields for the keys most backend sections have, each with the
 * messages the built-in backends give, and {@link section} for the section itself. Import it from
 * the module of your config schema, which your descriptor loads lazily (`lazySchema`): valibot then
 * loads only when your section is validated, never at a CLI start that does not use your backend.
 * The default of each key is an argument: defaults live in the schema, and nowhere else.
 *
 * @example
 * import * as v from 'valibot';
 * import { database, host, password, port, poolSize, seconds, section, username } from '@infer/core/kit/config';
 *
 * export const mariadbConfigSchema = section({
 *   host: host('127.0.0.1'), port: port(3306), database: database('infer_conversations'),
 *   username: username('root'), password: password(), pool_size: poolSize(10),
 *   connect_timeout: seconds('time to wait for a connection', 10),
 * });
 * export type MariadbConfig = v.InferOutput<typeof mariadbConfigSchema>;
 */
import * as v from 'valibot';
import { sectionMessage } from '../config/messages.js';
import { resolveUserPath } from '../config/paths.js';
import { SYSTEM_ROOTS } from '../tls.js';

/** The longest wait a Node timer holds, in whole seconds (2^31 - 1 ms). */
const TIMER_LIMIT = 2_147_483;

/** The message of a duration above `max` seconds. */
const atMost = (max: number) => `must be at most ${max} seconds${max === TIMER_LIMIT ? ' (24 days)' : ''}`;

/** Trimmed, non-empty text; `example` completes "must name …, e.g. " in the message. */
const named = (what: string, example: string) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, `must name ${what}, e.g. ${example}`));

/**
 * A backend's section, `storage.<type>`: a strict object, so a misspelt key is an error that names
 * it (`storage.mariadb.hostname: unknown key (check its spelling against the documentation)`).
 */
export function section<const Entries extends v.ObjectEntries>(entries: Entries) {
  return v.strictObject(entries, sectionMessage);
}

/** A server's host name or address. */
export function host(fallback: string) {
  return v.optional(named('a host', fallback), fallback);
}

/** A TCP port, 1 to 65535. */
export function port(fallback: number) {
  return v.optional(
    v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(65535)),
    fallback,
  );
}

/** The database on the server. */
export function database(fallback: string) {
  return v.optional(named('a database', fallback), fallback);
}

/** The user to log in as. */
export function username(fallback: string) {
  return v.optional(named('a user', fallback), fallback);
}

/** A password: text (YAML reads `password: 1234` as a number; it is the text the user typed); empty means none. */
export function password() {
  return v.pipe(
    v.optional(v.union([v.string(), v.number()])),
    v.transform((value) => (value === undefined || value === '' ? undefined : String(value))),
  );
}

/**
 * A duration in seconds, more than 0; `what` says what it is for in the message. `max` caps it:
 * Node's timers hold at most 2147483 s (24 days), and a larger one would fire at once.
 */
export function seconds(what: string, fallback: number, max = TIMER_LIMIT) {
  return v.optional(
    v.pipe(
      v.number(`must be a number of seconds (${what})`),
      v.gtValue(0, 'must be more than 0 seconds'),
      v.maxValue(max, atMost(max)),
    ),
    fallback,
  );
}

/**
 * A wait in seconds where 0 means not to wait at all (SQLite's `busy_timeout`): 0 or more, at most
 * what a Node timer holds.
 */
export function waitSeconds(fallback: number) {
  return v.optional(
    v.pipe(
      v.number('must be a number of seconds'),
      v.minValue(0, 'must be 0 or more seconds'),
      v.maxValue(TIMER_LIMIT, atMost(TIMER_LIMIT)),
    ),
    fallback,
  );
}

/**
 * The file a backend keeps its data in (`storage.sqlite.path`): `~` and a relative path resolved
 * as users mean them, the default's `~` too; the default is the example of the message.
 */
export function dataFile(fallback: string) {
  return v.optional(
    v.pipe(v.string(), v.trim(), v.minLength(1, `must be a file path, e.g. ${fallback}`), v.transform(resolveUserPath)),
    fallback,
  );
}

/** Connections at most in a pool: a whole number from 1 to 1000. */
export function poolSize(fallback: number) {
  return v.optional(v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1), v.maxValue(1000)), fallback);
}

/**
 * The TLS mode, one of `modes`: the backend's own that do not encrypt or may not (`disable`,
 * `prefer`), then `TLS_MODES` (require, verify-ca, verify-full, with libpq's meanings), which
 * `tlsConnectionOptions` turns into Node's TLS options.
 *
 * @example
 * ssl_mode: tlsMode(['disable', 'prefer', ...TLS_MODES], 'prefer'),
 */
export function tlsMode<const Modes extends readonly [string, ...string[]]>(modes: Modes, fallback: Modes[number]) {
  return v.optional(v.picklist(modes), fallback);
}

/**
 * A PEM file setting (`ssl_root_cert`, `tls_cert`...): optional, `~` and relative paths resolved
 * as users mean them; with `rootCert`, `system` (the CAs Node trusts) is kept as written.
 */
export function tlsFile(rootCert = false) {
  return v.pipe(
    v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must be a file path'))),
    v.transform((path) => (path === undefined || (rootCert && path === SYSTEM_ROOTS) ? path : resolveUserPath(path))),
  );
}
