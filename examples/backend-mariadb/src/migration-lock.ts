import { createHash } from 'node:crypto';
import { LockTimeoutError } from '@infer/core';
import { type MysqlQueryable, type MysqlTarget, rowsOf } from './mysql-types.js';

/**
 * The name of the migration lock of one database. GET_LOCK names are server-wide (PostgreSQL's
 * advisory locks are per database), so the database is part of the name: runs on two databases
 * of one server never wait for each other. Names are limited to 64 characters.
 */
export function migrationLockName(database: string): string {
  const name = `infer_migrations:${database}`;
  return name.length <= 64
    ? name
    : `infer_migrations:${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/** The session that held the lock when we gave up, from information_schema.PROCESSLIST. */
export interface LockHolder {
  readonly connectionId: number;
  readonly user: string | null;
  readonly client: string | null;
  readonly command: string | null;
  readonly seconds: number | null;
}

/** The migration lock stayed taken for the whole wait limit; the message names who holds it. */
export class MariadbLockTimeoutError extends LockTimeoutError {
  readonly holder: LockHolder | undefined;
  constructor(target: MysqlTarget, timeoutMs: number, holder: LockHolder | undefined) {
    const who = holder
      ? `by connection ${holder.connectionId} (${describeHolder(holder)})`
      : 'by a session that has released it since; retry';
    super(
      `the MariaDB migration lock on ${target.host}:${target.port}, database "${target.database}", was not free ` +
        `within ${timeoutMs / 1000} s: held ${who}`,
      {
        hint:
          'wait for that migration run to finish and retry, or raise storage.mariadb.lock_timeout' +
          (holder ? `; if that session is stuck, end it with KILL ${holder.connectionId}` : ''),
      },
    );
    this.holder = holder;
  }
}

/** Takes the lock on `connection` (it stays with that session until released or disconnected). */
export async function takeMigrationLock(
  connection: MysqlQueryable,
  target: MysqlTarget,
  timeoutMs: number,
): Promise<void> {
  const name = migrationLockName(target.database);
  const [row] = await rowsOf<{ got: number | null }>(
    connection.query('SELECT GET_LOCK(?, ?) AS got', [name, timeoutMs / 1000]),
  );
  if (row?.got === 1) return;
  if (row?.got === 0) throw new MariadbLockTimeoutError(target, timeoutMs, await findHolder(connection, name));
  throw new Error(`GET_LOCK('${name}') failed`);
}

export async function releaseMigrationLock(connection: MysqlQueryable, target: MysqlTarget): Promise<void> {
  await connection.query('SELECT RELEASE_LOCK(?)', [migrationLockName(target.database)]);
}

/** IS_USED_LOCK gives the holder's connection id; PROCESSLIST the rest, when this user may see it. */
async function findHolder(connection: MysqlQueryable, name: string): Promise<LockHolder | undefined> {
  const [used] = await rowsOf<{ id: number | string | null }>(connection.query('SELECT IS_USED_LOCK(?) AS id', [name]));
  if (used?.id === null || used?.id === undefined) return undefined;
  const connectionId = Number(used.id);
  const [process] = await rowsOf<{ user: string; host: string; command: string; time: number }>(
    connection.query(
      'SELECT USER AS user, HOST AS host, COMMAND AS command, TIME AS time FROM information_schema.PROCESSLIST ' +
        'WHERE ID = ?',
      [connectionId],
    ),
  );
  return {
    connectionId,
    user: process?.user ?? null,
    client: process?.host ?? null,
    command: process?.command ?? null,
    seconds: process?.time ?? null,
  };
}

function describeHolder(holder: LockHolder): string {
  const details = [
    holder.user && `user "${holder.user}"`,
    holder.client && `client ${holder.client}`,
    holder.command && holder.seconds !== null && `${holder.command} for ${holder.seconds} s`,
  ].filter(Boolean);
  return details.length > 0 ? details.join(', ') : 'its details need the PROCESS privilege to be seen';
}
