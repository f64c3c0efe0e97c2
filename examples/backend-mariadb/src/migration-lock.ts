import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@infer/core';
import { type ConnectionTarget, MigrationLockTimeoutError } from '@infer/core/kit';

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
export class MariadbLockTimeoutError extends MigrationLockTimeoutError<LockHolder> {}

/** Takes the lock on `executor`'s connection (it stays with that session until released or disconnected). */
export async function takeMigrationLock(executor: SqlExecutor, target: ConnectionTarget, timeoutMs: number) {
  const name = migrationLockName(target.database);
  const [row] = await executor.query<{ got: number | null }>('SELECT GET_LOCK(?, ?) AS got', [name, timeoutMs / 1000]);
  if (row?.got === 1) return;
  if (row?.got !== 0) throw new Error(`GET_LOCK('${name}') failed`);
  const holder = await findHolder(executor, name);
  throw new MariadbLockTimeoutError({ engine: 'MariaDB', type: 'mariadb', target, timeoutMs, holder, describe });
}

export async function releaseMigrationLock(executor: SqlExecutor, target: ConnectionTarget): Promise<void> {
  await executor.query('SELECT RELEASE_LOCK(?)', [migrationLockName(target.database)]);
}

/** IS_USED_LOCK gives the holder's connection id; PROCESSLIST the rest, when this user may see it. */
async function findHolder(executor: SqlExecutor, name: string): Promise<LockHolder | undefined> {
  const [used] = await executor.query<{ id: number | string | null }>('SELECT IS_USED_LOCK(?) AS id', [name]);
  if (used?.id === null || used?.id === undefined) return undefined;
  const connectionId = Number(used.id);
  const [process] = await executor.query<{ user: string; host: string; command: string; time: number }>(
    'SELECT USER AS user, HOST AS host, COMMAND AS command, TIME AS time FROM information_schema.PROCESSLIST ' +
      'WHERE ID = ?',
    [connectionId],
  );
  return {
    connectionId,
    user: process?.user ?? null,
    client: process?.host ?? null,
    command: process?.command ?? null,
    seconds: process?.time ?? null,
  };
}

function describe(holder: LockHolder) {
  const details = [
    holder.user && `user "${holder.user}"`,
    holder.client && `client ${holder.client}`,
    holder.command && holder.seconds !== null && `${holder.command} for ${holder.seconds} s`,
  ].filter((detail): detail is string => typeof detail === 'string' && detail !== '');
  return {
    who: `connection ${holder.connectionId}`,
    details: details.length > 0 ? details : ['its details need the PROCESS privilege to be seen'],
    end: `KILL ${holder.connectionId}`,
  };
}
