import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { mariadbAddress } from './servers.js';
import { testsUse } from './test-backends.js';

/**
 * The machine's MariaDB (docs/services.md: root, no password), through its command-line clients
 * (`mariadb`, `mariadb-dump`): every test file works in databases of its own, dropped after the
 * file, so runs never collide. Contributors without MariaDB leave these tests out with
 * INFER_TEST_BACKENDS.
 */
export const mariadbEnabled = testsUse('mariadb');

export const SERVER = Object.freeze({
  ...mariadbAddress(),
  user: process.env.INFER_TEST_MARIADB_USER ?? 'root',
});

const login = () => ['-h', SERVER.host, '-P', String(SERVER.port), '-u', SERVER.user];

/**
 * Runs `sql` (one or more statements) with the `mariadb` client, in `database` when given; returns
 * what it prints: one line a row, tab-separated, without the column names. Throws when it fails.
 */
export function mariadbSql(sql: string, database?: string): string {
  const args = [...login(), '--batch', '--skip-column-names', '-e', sql, ...(database ? [database] : [])];
  return execFileSync('mariadb', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `value` as a MariaDB string literal: quotes and backslashes escaped. */
export function sqlString(value: string): string {
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

const created = new Set<string>();

/** A new, empty database `<prefix>_<pid>_<time>_<random>`; call `afterAll(dropDatabases)` in the file. */
export function createDatabase(prefix = 'infer_test'): string {
  const name = `${prefix}_${process.pid}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  mariadbSql(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  created.add(name);
  return name;
}

/** Drops every database this process created. */
export function dropDatabases(): void {
  const names = [...created];
  created.clear();
  if (names.length > 0) mariadbSql(names.map((name) => `DROP DATABASE IF EXISTS ${name};`).join(' '));
}

/**
 * Makes databases named after `prefix`, dropped after the test file; each call returns the
 * environment that points `infer` (with the MariaDB plugin) at a new one.
 */
export function mariadbDatabases(prefix: string): () => NodeJS.ProcessEnv {
  afterAll(dropDatabases);
  return () => ({ INFER_STORAGE_TYPE: 'mariadb', INFER_STORAGE_MARIADB_DATABASE: createDatabase(prefix) });
}

/** The storage.mariadb settings of a test database: the shared server, as its user. */
export function mariadbSettings(database: string): { host: string; port: number; username: string; database: string } {
  return { host: SERVER.host, port: SERVER.port, username: SERVER.user, database };
}

/**
 * The tables, columns, indexes and keys of `database` as `mariadb-dump --no-data` writes them, less
 * the AUTO_INCREMENT counters (data, not schema): two databases with the same schema dump the same.
 */
export function dumpSchema(database: string): string {
  const args = [...login(), '--no-data', '--skip-comments', database];
  return execFileSync('mariadb-dump', args, { encoding: 'utf8' }).replace(/ AUTO_INCREMENT=\d+/g, '');
}
