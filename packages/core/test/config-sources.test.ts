import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { BackendRegistry, ErrorCode, isInferError, loadStorageConfig, originOf } from '../src/index.js';
import { configError, configRegistry as registry, fakeDescriptor, tempTree } from './helpers.js';

describe('configuration lookup', () => {
  it('uses defaults (SQLite, enabled) when no file exists anywhere', async () => {
    const home = tempTree();
    const config = await loadStorageConfig({ cwd: tempTree(), homeDir: home, env: {}, registry });
    expect(config).toMatchObject({
      enabled: true,
      type: 'sqlite',
      options: { path: '/default' },
      source: { kind: 'defaults' },
    });
  });

  it('prefers ./.infer/config.yaml over ~/.infer/config.yaml', async () => {
    const cwd = tempTree({ '.infer/config.yaml': 'storage:\n  type: memory\n' });
    const home = tempTree({ '.infer/config.yaml': 'storage:\n  type: postgres\n' });
    expect((await loadStorageConfig({ cwd, homeDir: home, env: {}, registry })).type).toBe('memory');
    expect((await loadStorageConfig({ cwd: tempTree(), homeDir: home, env: {}, registry })).source.kind).toBe('user');
  });

  it('reads only the --config file when one is given, relative to the current directory', async () => {
    const cwd = tempTree({
      'custom.yaml': 'storage:\n  sqlite:\n    path: /x.db\n',
      '.infer/config.yaml': 'storage:\n  type: memory\n',
    });
    const config = await loadStorageConfig({ cwd, homeDir: cwd, env: {}, configPath: 'custom.yaml', registry });
    expect(config).toMatchObject({ type: 'sqlite', options: { path: '/x.db' }, source: { kind: 'flag' } });
  });

  it('reads the file INFER_CONFIG names, not the lookup (--config wins); if missing, names the variable', async () => {
    const cwd = tempTree({
      'named.yaml': 'storage:\n  type: postgres\n',
      'flag.yaml': 'storage:\n  type: memory\n',
      '.infer/config.yaml': 'storage:\n  type: memory\n',
    });
    const named = await loadStorageConfig({ cwd, homeDir: cwd, env: { INFER_CONFIG: 'named.yaml' }, registry });
    expect(named).toMatchObject({ type: 'postgres', source: { kind: 'env', path: join(cwd, 'named.yaml') } });
    expect(
      (
        await loadStorageConfig({
          cwd,
          homeDir: cwd,
          env: { INFER_CONFIG: 'named.yaml' },
          configPath: 'flag.yaml',
          registry,
        })
      ).source.kind,
    ).toBe('flag');
    expect(
      (await loadStorageConfig({ cwd, homeDir: tempTree(), env: { INFER_CONFIG: '' }, registry })).source.kind,
    ).toBe('project');
    const error = await configError({ cwd, homeDir: cwd, env: { INFER_CONFIG: 'gone.yaml' }, registry });
    expect(error.message).toMatch(/config file .*gone\.yaml does not exist/);
    expect(error.hint).toMatch(/INFER_CONFIG/);
  });

  it('records which settings the file and the environment set (originOf)', async () => {
    const cwd = tempTree({
      '.infer/config.yaml': 'storage:\n  type: postgres\n  postgres:\n    host: db\n    port: 1\n',
    });
    const config = await loadStorageConfig({
      cwd,
      homeDir: tempTree(),
      env: { INFER_STORAGE_POSTGRES_PORT: '2' },
      registry,
    });
    const file = join(cwd, '.infer', 'config.yaml');
    expect(originOf(config, 'storage.postgres.host')).toEqual({ kind: 'file', path: file });
    expect(originOf(config, 'storage.postgres.port')).toEqual({ kind: 'env', variable: 'INFER_STORAGE_POSTGRES_PORT' });
    expect(originOf(config, 'storage.postgres.ssl_mode')).toEqual({ kind: 'default' });
  });

  it("treats ./.infer/config.yaml run from the home directory as the user's own file", async () => {
    const home = tempTree({ '.infer/config.yaml': 'storage:\n  type: memory\n' });
    expect((await loadStorageConfig({ cwd: home, homeDir: home, env: {}, registry })).source.kind).toBe('user');
  });

  it('leaves sections outside storage to the rest of the CLI', async () => {
    const cwd = tempTree({
      '.infer/config.yaml': 'gateway:\n  url: http://x\ntools:\n  enabled: true\nstorage:\n  type: memory\n',
    });
    expect((await loadStorageConfig({ cwd, homeDir: cwd, env: {}, registry })).type).toBe('memory');
  });

  it('accepts an empty file, or one with comments only', async () => {
    for (const content of ['', '\n  \n', '# storage: nothing yet\n\n  # indented comment\n']) {
      const cwd = tempTree({ '.infer/config.yaml': content });
      expect((await loadStorageConfig({ cwd, homeDir: cwd, env: {}, registry })).type).toBe('sqlite');
    }
  });
});

describe('INFER_* environment overrides', () => {
  it('override the file, key path upper-cased with dots as underscores', async () => {
    const cwd = tempTree({ '.infer/config.yaml': 'storage:\n  type: memory\n  sqlite:\n    path: /file.db\n' });
    const config = await loadStorageConfig({
      cwd,
      homeDir: cwd,
      env: { INFER_STORAGE_TYPE: 'sqlite', INFER_STORAGE_SQLITE_PATH: '/tmp/x.db' },
      registry,
    });
    expect(config).toMatchObject({ type: 'sqlite', options: { path: '/tmp/x.db' } });
  });

  it('reach keys with underscores and read values as YAML scalars', async () => {
    const env = {
      INFER_STORAGE_TYPE: 'postgres',
      INFER_STORAGE_POSTGRES_SSL_MODE: 'require',
      INFER_STORAGE_POSTGRES_PORT: '6543',
      INFER_STORAGE_ENABLED: 'false',
    };
    const config = await loadStorageConfig({ cwd: tempTree(), homeDir: tempTree(), env, registry });
    expect(config).toMatchObject({
      enabled: false,
      type: 'postgres',
      options: { host: 'localhost', port: 6543, ssl_mode: 'require' },
    });
  });

  it('keep text that a number would change, such as a password with leading zeros', async () => {
    const schema = v.strictObject({ password: v.union([v.string(), v.number()]), port: v.optional(v.number()) });
    const withPassword = new BackendRegistry([fakeDescriptor('redis', schema)]);
    const env = { INFER_STORAGE_TYPE: 'redis', INFER_STORAGE_REDIS_PASSWORD: '0042', INFER_STORAGE_REDIS_PORT: '6380' };
    const config = await loadStorageConfig({ cwd: tempTree(), homeDir: tempTree(), env, registry: withPassword });
    expect(config.options).toEqual({ password: '0042', port: 6380 });
  });

  it('name the variable when its value is wrong', async () => {
    const error = await configError({
      cwd: tempTree(),
      homeDir: tempTree(),
      env: { INFER_STORAGE_ENABLED: 'maybe' },
      registry,
    });
    expect(error.message).toMatch(/^storage\.enabled: .*boolean.* \(set by INFER_STORAGE_ENABLED\)$/);
    expect(error.hint).toContain('INFER_STORAGE_ENABLED');
  });

  it('reject a variable that matches no setting', async () => {
    const error = await configError({
      cwd: tempTree(),
      homeDir: tempTree(),
      env: { INFER_STORAGE_SQLITEPATH: '/x' },
      registry,
    });
    expect(error.message).toBe('environment variable INFER_STORAGE_SQLITEPATH matches no storage setting');
  });

  it('say that a configured type is not installed, rather than that its variables match nothing', async () => {
    const env = { INFER_STORAGE_TYPE: 'mysql', INFER_STORAGE_MYSQL_HOST: 'db.internal' };
    const error = await loadStorageConfig({ cwd: tempTree(), homeDir: tempTree(), env, registry }).catch(
      (e: unknown) => e,
    );
    expect(isInferError(error, ErrorCode.BackendNotInstalled), String(error)).toBe(true);
    expect(String(error)).toContain('storage type "mysql" is not installed');
  });
});
