import { randomBytes } from 'node:crypto';
import type { EngineDatabase } from '@infer/core/testing';
import mysql from 'mysql2/promise';
import { type MariadbConfigInput, MariadbMigrationDriver, parseMariadbConfig } from '../src/index.js';

/**
 * The machine's MariaDB (docs/services.md: root, no password). Every test file works in databases
 * of its own, `infer_test_<pid>_<random>`, dropped after the file, so runs never collide.
 * Contributors without MariaDB leave these tests out with INFER_TEST_BACKENDS (the list of
 * @infer/test-servers, which this example, written as a third party would, does not depend on).
 */
export const mariadbEnabled = (process.env.INFER_TEST_BACKENDS ?? 'mariadb')
  .split(',')
  .map((s) => s.trim())
  .includes('mariadb');

export const SERVER = Object.freeze({
  host: process.env.INFER_TEST_MARIADB_HOST ?? '127.0.0.1',
  port: Number(process.env.INFER_TEST_MARIADB_PORT ?? 3306),
  user: process.env.INFER_TEST_MARIADB_USER ?? 'root',
});

/** A plain connection (multi-statement scripts allowed, times as text); end it yourself. */
export function openConnection(database?: string): Promise<mysql.Connection> {
  return mysql.createConnection({
    ...SERVER,
    database,
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
  });
}

/** Runs `work` on a plain connection of `database`. */
export async function withConnection<T>(
  database: string | undefined,
  work: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await openConnection(database);
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** The rows of one query on `database`. */
export async function queryRows<Row = Record<string, unknown>>(
  database: string,
  sql: string,
  values: unknown[] = [],
): Promise<Row[]> {
  return withConnection(database, async (connection) => (await connection.query(sql, values))[0] as Row[]);
}

const created = new Set<string>();

/** A new, empty database on the shared server; call `afterAll(dropDatabases)` in the file. */
export async function createDatabase(): Promise<string> {
  const name = `infer_test_${process.pid}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  await withConnection(undefined, (connection) =>
    connection.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`),
  );
  created.add(name);
  return name;
}

/** Drops every database this process created. */
export async function dropDatabases(): Promise<void> {
  const names = [...created];
  created.clear();
  await withConnection(undefined, async (connection) => {
    for (const name of names) await connection.query(`DROP DATABASE IF EXISTS ${name}`);
  });
}

/** Backend settings for a test database on the shared server. */
export function configFor(database: string, extra: MariadbConfigInput = {}): MariadbConfigInput {
  return { host: SERVER.host, port: SERVER.port, username: SERVER.user, database, ...extra };
}

/** Columns, indexes and foreign keys of every table, as information_schema has them. */
export async function schemaOf(database: string): Promise<Record<string, unknown[]>> {
  const where = 'WHERE table_schema = ?';
  return {
    columns: await queryRows(
      database,
      'SELECT table_name, column_name, column_type, is_nullable, column_default FROM information_schema.columns ' +
        `${where} ORDER BY table_name, ordinal_position`,
      [database],
    ),
    indexes: await queryRows(
      database,
      'SELECT table_name, index_name, non_unique, seq_in_index, column_name, collation FROM ' +
        `information_schema.statistics ${where} ORDER BY table_name, index_name, seq_in_index`,
      [database],
    ),
    foreignKeys: await queryRows(
      database,
      'SELECT table_name, constraint_name, referenced_table_name, delete_rule FROM ' +
        'information_schema.referential_constraints WHERE constraint_schema = ? ORDER BY constraint_name',
      [database],
    ),
  };
}

/** Schema, every table's rows and the ledger, for "nothing changed" comparisons. */
export async function dumpDatabase(
  database: string,
): Promise<{ schema: unknown; data: unknown; ledger: Record<string, unknown>[] }> {
  const schema = await schemaOf(database);
  const tables = await queryRows<{ name: string }>(
    database,
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
    [database],
  );
  const data: Record<string, unknown[]> = {};
  for (const { name } of tables) data[name] = await queryRows(database, `SELECT * FROM \`${name}\` ORDER BY 1`);
  return { schema, data, ledger: (data.schema_migrations ?? []) as Record<string, unknown>[] };
}

/** A test database, reached through a driver of its own or a plain connection. */
export function mariadbDatabase(database: string): EngineDatabase {
  return {
    driver: async () => MariadbMigrationDriver.open(parseMariadbConfig(configFor(database))),
    exec: async (sql) => void (await withConnection(database, (connection) => connection.query(sql))),
    query: <Row>(sql: string) => queryRows<Row>(database, sql),
    dump: () => dumpDatabase(database),
  };
}
