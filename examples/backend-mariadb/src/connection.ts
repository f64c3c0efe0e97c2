import type { SqlExecutor } from '@infer/core';
import {
  ConnectionPool,
  type ConnectionTarget,
  type Diagnose,
  SOCKET_FAILURES,
  connectionFailure,
  statementByStatement,
} from '@infer/core/kit';
import type { Connection, Pool, PoolConnection } from 'mysql2/promise';
import type { MariadbConfig } from './config.js';

const accessDenied: Diagnose = ({ target, settings, variable }) => ({
  reason: `access denied for user "${target.user}"`,
  hint: `correct ${settings}.username and ${settings}.password (or ${variable('password')})`,
});

/** mysql2's codes that mean "could not connect", besides the socket's. */
const FAILURES: Readonly<Record<string, Diagnose>> = {
  ER_BAD_DB_ERROR: ({ target, settings }) => ({
    reason: `database "${target.database}" does not exist`,
    hint: `create it (CREATE DATABASE ${target.database} CHARACTER SET utf8mb4) or set ${settings}.database`,
  }),
  ER_ACCESS_DENIED_ERROR: accessDenied,
  ER_DBACCESS_DENIED_ERROR: accessDenied,
  ER_CON_COUNT_ERROR: ({ settings }) => ({
    reason: 'too many connections',
    hint: `lower ${settings}.pool_size, or raise the server's max_connections`,
  }),
  PROTOCOL_CONNECTION_LOST: SOCKET_FAILURES.ECONNRESET!,
};

/**
 * The kit's executor over mysql2, which takes one statement per call: scripts run statement by
 * statement, so a failure names the statement and the earlier ones MariaDB's implicit commits keep.
 */
function mysqlExecutor(connection: Pick<Connection, 'query'>): SqlExecutor {
  const result = async (sql: string, params: readonly unknown[] = []) => (await connection.query(sql, [...params]))[0];
  const executor: SqlExecutor = {
    exec: async (sql) => void (await connection.query(sql)),
    query: async <Row>(sql: string, params?: readonly unknown[]) => (await result(sql, params)) as Row[],
    // With mysql2's default FOUND_ROWS flag: the rows a statement matched.
    run: async (sql, params) => ((await result(sql, params)) as { affectedRows?: number }).affectedRows ?? 0,
  };
  return statementByStatement(executor, { sqlDialect: 'mysql', engine: 'MariaDB' });
}

/**
 * The pool of one database, created on first use (mysql2 loads only then). Every failure to
 * connect becomes a one-line `ConnectionError` naming host, port and database; other errors pass
 * through unchanged.
 */
export class MariadbConnection extends ConnectionPool<Pool, PoolConnection> {
  readonly target: ConnectionTarget;
  readonly #config: MariadbConfig;

  constructor(config: MariadbConfig) {
    const target = { host: config.host, port: config.port, database: config.database, user: config.username };
    const failure = { engine: 'MariaDB', type: 'mariadb', target, password: config.password, codes: FAILURES };
    super({
      name: `MariaDB database "${config.database}"`,
      begin: 'START TRANSACTION',
      createPool: async () =>
        (await import('mysql2/promise')).createPool({ ...options(config), connectionLimit: config.pool_size }),
      acquire: (pool) => pool.getConnection(),
      release: (client, broken) => (broken ? client.destroy() : client.release()),
      endPool: (pool) => pool.end(),
      executor: mysqlExecutor,
      describe: (error) =>
        connectionFailure(error, { ...failure, connectTimeoutSeconds: config.connect_timeout }) ?? error,
    });
    this.target = Object.freeze(target);
    this.#config = config;
  }

  /** A connection of its own, outside the pool and without a current database, for `mysqlScratch`. */
  async standalone(): Promise<SqlExecutor & { end(): Promise<void> }> {
    const mysql = await import('mysql2/promise');
    try {
      const connection = await mysql.createConnection({ ...options(this.#config), database: undefined });
      return Object.assign(mysqlExecutor(connection), { end: () => connection.end() });
    } catch (error) {
      throw this.describe(error);
    }
  }
}

function options(config: MariadbConfig) {
  return {
    host: config.host,
    port: config.port,
    user: config.username,
    password: config.password,
    database: config.database,
    connectTimeout: Math.round(config.connect_timeout * 1000),
    charset: 'utf8mb4_bin',
    // DATETIME columns hold UTC; read them as text so no local time zone is ever applied.
    dateStrings: true,
    timezone: 'Z',
    supportBigNumbers: true,
  };
}
