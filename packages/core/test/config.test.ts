import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { BackendRegistry, ErrorCode, isInferError, lazySchema, loadStorageConfig, originOf } from '../src/index.js';
import { fakeDescriptor, registryOf, tempTree } from './helpers.js';

const registry = new BackendRegistry([
  fakeDescriptor('sqlite'),
  fakeDescriptor('memory', v.strictObject({})),
  fakeDescriptor(
    'postgres',
    v.strictObject({
      host: v.optional(v.string(), 'localhost'),
      port: v.optional(v.pipe(v.number(), v.integer()), 5432),
      ssl_mode: v.optional(v.picklist(['disable', 'prefer', 'require', 'verify-full']), 'prefer'),
    }),
  ),
]);

async function configError(
  options: Parameters<typeof loadStorageConfig>[0],
): Promise<{ message: string; hint?: string; path?: string }> {
  const error = await loadStorageConfig(options).then(
    () => expect.fail('expected a configuration error'),
    (e: unknown) => e,
  );
  expect(
    isInferError(error, ErrorCode.Configuration) || isInferError(error, ErrorCode.BackendNotInstalled),
    String(error),
  ).toBe(true);
  return error as { message: string; hint?: string; path?: string };
}

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

describe('configuration errors name the key path and the fix', () => {
  const inFile = async (yaml: string) => {
    const cwd = tempTree({ '.infer/config.yaml': yaml });
    return { error: await configError({ cwd, homeDir: cwd, env: {}, registry }), file: `${cwd}/.infer/config.yaml` };
  };

  it('YAML that does not parse: file, line and column', async () => {
    const { error, file } = await inFile('storage:\n  type: [sqlite\n');
    expect(error.message).toMatch(new RegExp(`^cannot parse ${file} at line \\d+, column \\d+: .+`));
    expect(error.message).not.toContain('\n');
  });

  it('duplicate keys are a parse error, not a silent override', async () => {
    const { error } = await inFile('storage:\n  type: memory\n  type: sqlite\n');
    expect(error.message).toMatch(/^cannot parse .* at line 3, column 3: duplicated mapping key$/);
  });

  it('a file that is not a mapping', async () => {
    const { error } = await inFile('- storage\n');
    expect(error.message).toMatch(/must hold a YAML mapping/);
  });

  it('an unknown key under storage, with the known ones', async () => {
    const { error, file } = await inFile('storage:\n  sqlte:\n    path: /x\n');
    expect(error.message).toBe(
      `storage.sqlte: unknown key (known: enabled, type, migrations_dir, memory, postgres, sqlite) (in ${file})`,
    );
    expect(error.path).toBe('storage.sqlte');
  });

  it('an unknown key inside a backend section', async () => {
    const { error } = await inFile('storage:\n  sqlite:\n    pth: /x\n');
    expect(error.message).toMatch(/^storage\.sqlite\.pth: unknown key/);
  });

  it('a wrong value type, with its full key path', async () => {
    const { error } = await inFile('storage:\n  sqlite:\n    path: 5\n');
    expect(error.message).toMatch(/^storage\.sqlite\.path: Invalid type: Expected string but received 5 \(in /);
  });

  it('a bad value in the section of a backend that is not selected', async () => {
    const { error } = await inFile('storage:\n  type: sqlite\n  postgres:\n    ssl_mode: sometimes\n');
    expect(error.message).toMatch(/^storage\.postgres\.ssl_mode: /);
  });

  it('an unknown type, with the installed ones and how to add one', async () => {
    const { error } = await inFile('storage:\n  type: mongodb\n');
    expect(error.message).toBe('storage type "mongodb" is not installed (installed: memory, postgres, sqlite)');
    expect(error.hint).toContain('infer plugins install');
  });

  it('a --config file that does not exist', async () => {
    const error = await configError({
      cwd: tempTree(),
      env: {},
      configPath: 'nope.yaml',
      registry: registryOf('sqlite'),
    });
    expect(error.message).toMatch(/^--config: config file .*nope\.yaml does not exist$/);
  });

  it('a config file that is a directory, named by the flag that gave it', async () => {
    const cwd = tempTree({ 'conf/x': '' });
    const error = await configError({
      cwd,
      env: {},
      configPath: 'conf',
      configFlag: '--to',
      registry: registryOf('sqlite'),
    });
    expect(error.message).toMatch(/^--to: config file .*conf is a directory, not a file$/);
    expect(error.hint).toContain('pass the path of an existing YAML file to --to');
  });
});

describe('lazySchema', () => {
  it('loads the real schema on first validation only, once', async () => {
    let loads = 0;
    const schema = lazySchema(async () => {
      loads++;
      return v.strictObject({ path: v.optional(v.string(), '/d') });
    });
    expect(loads).toBe(0);
    expect(await schema['~standard'].validate({})).toMatchObject({ value: { path: '/d' } });
    expect(await schema['~standard'].validate({ path: 1 })).toMatchObject({
      issues: [{ message: expect.stringContaining('Expected string') }],
    });
    expect(loads).toBe(1);
  });
});
