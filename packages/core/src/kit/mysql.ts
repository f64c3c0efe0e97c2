import { createRequire } from 'node:module';
import type { SqlExecutor } from '../migrations/driver.js';
import type { ConnectionTarget } from './connection-failure.js';
import { type LockHolderWords, MigrationLockTimeoutError, type MigrationLockTimeoutOptions } from './lock-timeout.js';

/**
 * The migration lock of one MySQL or MariaDB database, for `GET_LOCK`. Lock names are server-wide
 * (PostgreSQL's advisory locks are per database), so the database is part of the name: runs on two
 * databases of one server never wait for each other. Names hold at most 64 characters; a longer
 * one ends in a hash of the database's name.
 *
 * @example
 * mysqlLockName('infer_conversations') // 'infer_migrations:infer_conversations'
 */
export function mysqlLockName(database: string): string {
  const name = `infer_migrations:${database}`;
  if (name.length <= 64) return name;
  // node:crypto only for such names: loading it costs a start that never needs it.
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return `infer_migrations:${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

/** The session that held a MySQL lock, from `IS_USED_LOCK` and `information_schema.PROCESSLIST`. */
export interface MysqlLockHolder {
  readonly connectionId: number;
  readonly user: string | null;
  readonly client: string | null;
  readonly command: string | null;
  readonly seconds: number | null;
}

export interface MysqlLockOptions {
  /** The engine's name in messages: `MariaDB`, `MySQL`. */
  readonly engine: string;
  /** The storage type, whose `lock_timeout` the timeout's hint names. */
  readonly type: string;
  readonly target: ConnectionTarget;
  readonly timeoutMs: number;
  /** The error of a timeout: {@link MigrationLockTimeoutError}, or a subclass that gives it the backend's name. */
  readonly error?: new (
    options: MigrationLockTimeoutOptions<MysqlLockHolder>,
  ) => MigrationLockTimeoutError<MysqlLockHolder>;
}

/**
 * Takes the migration lock (`GET_LOCK`) on `executor`'s connection, where it stays until
 * {@link releaseMysqlLock} or the session ends; waits at most `timeoutMs`, then throws a
 * `MigrationLockTimeoutError` naming the holder (its connection id, user, client and state when
 * this user may see them) and the `KILL` that ends it.
 *
 * @example
 * protected lock(executor: SqlExecutor) {
 *   return takeMysqlLock(executor, { engine: 'MariaDB', type: 'mariadb', target, timeoutMs: 60_000 });
 * }
 */
export async function takeMysqlLock(executor: SqlExecutor, options: MysqlLockOptions): Promise<void> {
  const name = mysqlLockName(options.target.database);
  const [row] = await executor.query<{ got: number | null }>('SELECT GET_LOCK(?, ?) AS got', [
    name,
    options.timeoutMs / 1000,
  ]);
  if (row?.got === 1) return;
  if (row?.got !== 0) throw new Error(`GET_LOCK('${name}') failed`);
  const { error: LockError = MigrationLockTimeoutError, ...facts } = options;
  throw new LockError({ ...facts, holder: await findHolder(executor, name), describe: holderWords });
}

/** Releases the lock {@link takeMysqlLock} took on this connection. */
export async function releaseMysqlLock(executor: SqlExecutor, database: string): Promise<void> {
  await executor.query('SELECT RELEASE_LOCK(?)', [mysqlLockName(database)]);
}

/** IS_USED_LOCK gives the holder's connection id; PROCESSLIST the rest, when this user may see it. */
async function findHolder(executor: SqlExecutor, name: string): Promise<MysqlLockHolder | undefined> {
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

function holderWords(holder: MysqlLockHolder): LockHolderWords {
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

/**
 * The `scratch` of a MySQL or MariaDB migration driver: a throwaway database,
 * `infer_lint_<pid>_<time>`, created on `connection` (one of its own, without a current
 * database), dropped afterwards, and the connection ended. Not a rolled-back transaction, as in
 * SQLite and PostgreSQL: DDL would commit out of it. Needs the CREATE and DROP privileges on
 * databases of that name.
 *
 * @example
 * async scratch<T>(work: (executor: SqlExecutor) => Promise<T>) {
 *   return mysqlScratch(await this.connection.standalone(), work);
 * }
 */
export async function mysqlScratch<T>(
  connection: SqlExecutor & { end(): Promise<void> },
  work: (executor: SqlExecutor) => Promise<T>,
): Promise<T> {
  const database = `infer_lint_${process.pid}_${Date.now()}`;
  try {
    await connection.exec(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await connection.exec(`USE ${database}`);
    return await work(connection);
  } finally {
    await connection.exec(`DROP DATABASE IF EXISTS ${database}`).catch(() => {});
    await connection.end().catch(() => {});
  }
}
