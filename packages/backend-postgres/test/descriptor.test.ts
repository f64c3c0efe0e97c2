import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendRegistry, loadStorageConfig } from '@infer/core';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresBackend } from '../src/index.js';
import { configFor, postgresEnabled } from './database.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function configDir(yaml: string): string {
  const cwd = mkdtempSync(join(tmpdir(), 'infer-pg-config-'));
  dirs.push(cwd);
  mkdirSync(join(cwd, '.infer'));
  writeFileSync(join(cwd, '.infer', 'config.yaml'), yaml);
  return cwd;
}

const registry = new BackendRegistry([postgresBackend]);
const load = (yaml: string, env: NodeJS.ProcessEnv = {}) => {
  const cwd = configDir(yaml);
  return loadStorageConfig({ cwd, homeDir: cwd, env, registry });
};

describe('the postgres descriptor and its storage.postgres section', () => {
  it('fills the defaults of earlier releases; an empty username is the OS user, as in libpq', async () => {
    const { options, descriptor } = await load(
      'storage:\n  type: postgres\n  postgres:\n    username: ""\n    password: ""\n',
    );
    expect(descriptor.displayName).toBe('PostgreSQL');
    expect(options).toEqual({
      host: 'localhost',
      port: 5432,
      database: 'infer_conversations',
      username: userInfo().username,
      password: undefined,
      ssl_mode: 'prefer',
      ssl_root_cert: undefined,
      pool_size: 10,
      connect_timeout: 10,
      query_timeout: 30,
      lock_timeout: 60,
      lock_mode: 'auto',
      migration_lock_timeout: 5,
      migration_lock_retries: 5,
    });
  });

  it('takes INFER_STORAGE_POSTGRES_* overrides, and a numeric password as text', async () => {
    const { options } = await load('storage:\n  type: postgres\n  postgres:\n    password: 1234\n', {
      INFER_STORAGE_POSTGRES_PORT: '6543',
      INFER_STORAGE_POSTGRES_LOCK_MODE: 'transaction',
      INFER_STORAGE_POSTGRES_SSL_MODE: 'verify-full',
    });
    expect(options).toMatchObject({ port: 6543, password: '1234', lock_mode: 'transaction', ssl_mode: 'verify-full' });
  });
});

describe.runIf(postgresEnabled)('the plugin hook', () => {
  it('registers the descriptor without loading pg; pg loads when the backend first talks to the server', () => {
    const fixture = fileURLToPath(new URL('./fixtures/hook-load.mjs', import.meta.url));
    const output = execFileSync(process.execPath, [fixture, JSON.stringify(configFor('postgres'))], {
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({
      result: { type: 'postgres', displayName: 'PostgreSQL', migrations: 3 },
      steps: { hook: false, open: false, used: true },
    });
  });
});
