import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendRegistry, ErrorCode, isInferError, loadStorageConfig } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { mariadbBackend } from '../src/index.js';
import { configFor, mariadbEnabled } from './database.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const registry = new BackendRegistry([mariadbBackend]);
function load(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const cwd = mkdtempSync(join(tmpdir(), 'infer-mariadb-config-'));
  dirs.push(cwd);
  mkdirSync(join(cwd, '.infer'));
  writeFileSync(join(cwd, '.infer', 'config.yaml'), yaml);
  return loadStorageConfig({ cwd, homeDir: cwd, env, registry });
}

describe('the mariadb descriptor and its storage.mariadb section', () => {
  it('fills the defaults', async () => {
    const { options, descriptor } = await load('storage:\n  type: mariadb\n');
    expect(descriptor.displayName).toBe('MariaDB');
    expect(options).toEqual({
      host: '127.0.0.1',
      port: 3306,
      database: 'infer_conversations',
      username: 'root',
      password: undefined,
      pool_size: 10,
      connect_timeout: 10,
      lock_timeout: 60,
    });
  });

  it('takes INFER_STORAGE_MARIADB_* overrides, and a numeric password as text', async () => {
    const { options } = await load('storage:\n  type: mariadb\n  mariadb:\n    password: 1234\n', {
      INFER_STORAGE_MARIADB_PORT: '3307',
      INFER_STORAGE_MARIADB_LOCK_TIMEOUT: '5',
    });
    expect(options).toMatchObject({ port: 3307, password: '1234', lock_timeout: 5 });
  });
});

describe.runIf(mariadbEnabled)('connecting', () => {
  it('fails to connect with one line naming the server and what to do', async () => {
    const { MariadbBackend } = await import('../src/index.js');
    const error = await MariadbBackend.open({ config: configFor('infer_no_such_database_x') }).then(
      () => expect.fail('expected a connection error'),
      (e: unknown) => e as Error & { hint?: string },
    );
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error.message).toMatch(
      new RegExp(
        /^cannot connect to MariaDB at 127\.0\.0\.1:3306, database "infer_no_such_database_x": database /.source +
          /"infer_no_such_database_x" does not exist/.source,
      ),
    );
    expect(error.hint).toContain('CREATE DATABASE infer_no_such_database_x');
  });
});
