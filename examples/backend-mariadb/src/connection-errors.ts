import { ConnectionError, messageOf } from '@infer/core';
import { type MysqlTarget, codeOf } from './mysql-types.js';

const SETTINGS = 'storage.mariadb';

/** Why a connection failed and what to do, for the driver codes that mean "could not connect". */
function diagnose(
  code: string | undefined,
  target: MysqlTarget,
  connectTimeoutSeconds: number,
): [string, string] | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return ['connection refused', `start MariaDB, or correct ${SETTINGS}.host and ${SETTINGS}.port`];
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return [`host "${target.host}" cannot be resolved`, `correct ${SETTINGS}.host (or INFER_STORAGE_MARIADB_HOST)`];
    case 'ETIMEDOUT':
      return [
        `no answer within ${connectTimeoutSeconds} s`,
        `check that the server is reachable, or raise ${SETTINGS}.connect_timeout`,
      ];
    case 'ER_BAD_DB_ERROR':
      return [
        `database "${target.database}" does not exist`,
        `create it (CREATE DATABASE ${target.database} CHARACTER SET utf8mb4) or set ${SETTINGS}.database`,
      ];
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      return [
        `access denied for user "${target.user}"`,
        `correct ${SETTINGS}.username and ${SETTINGS}.password (or INFER_STORAGE_MARIADB_PASSWORD)`,
      ];
    case 'ER_CON_COUNT_ERROR':
      return ['too many connections', `lower ${SETTINGS}.pool_size, or raise the server's max_connections`];
    case 'PROTOCOL_CONNECTION_LOST':
    case 'ECONNRESET':
      return [
        'the connection was closed',
        `check that ${SETTINGS}.host and port point at a running MariaDB or MySQL server`,
      ];
  }
  return undefined;
}

/**
 * A one-line `ConnectionError` naming host, port and database, when `error` means the server could
 * not be reached or refused the session; `undefined` for any other error (a failing statement).
 * The password is never in the message; mysql2's messages do not quote it either.
 */
export function connectionFailure(
  error: unknown,
  target: MysqlTarget,
  connectTimeoutSeconds: number,
): ConnectionError | undefined {
  const diagnosis = diagnose(codeOf(error), target, connectTimeoutSeconds);
  if (!diagnosis) return undefined;
  const [reason, hint] = diagnosis;
  const message =
    `cannot connect to MariaDB at ${target.host}:${target.port}, database "${target.database}": ${reason} ` +
    `(${messageOf(error).split('\n')[0]})`;
  return new ConnectionError(message, { hint, cause: error });
}
