import { spawnSync } from 'node:child_process';
import { afterAll, expect } from 'vitest';

const mariadb = (sql: string) =>
  spawnSync('mariadb', ['-h', '127.0.0.1', '-u', 'root', '-e', sql], { encoding: 'utf8' });

/**
 * Makes throwaway databases on the MariaDB server (127.0.0.1:3306, root, no password), dropped
 * after the test file; each call returns the environment that points `infer` at a new one.
 */
export function mariadbDatabases(prefix: string): () => NodeJS.ProcessEnv {
  const databases: string[] = [];
  afterAll(() => {
    for (const name of databases) mariadb(`DROP DATABASE IF EXISTS ${name}`);
  });
  return () => {
    const name = `${prefix}_${process.pid}_${databases.length}_${Date.now()}`;
    const created = mariadb(`CREATE DATABASE ${name}`);
    expect(created.status, created.stderr).toBe(0);
    databases.push(name);
    return { INFER_STORAGE_TYPE: 'mariadb', INFER_STORAGE_MARIADB_DATABASE: name };
  };
}
