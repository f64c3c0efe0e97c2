import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Sandbox, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import { seedConversations } from '@infer/test-servers/conversations';
import { seed, sqliteStore } from './stores.js';

/** Every path setting, relative, and the root certificate keyword that is not a path. */
const STORAGE = `storage:
  type: sqlite
  migrations_dir: own-migrations
  sqlite:
    path: data/conversations.db
  postgres:
    ssl_root_cert: certs/root.pem
    ssl_cert: certs/client.pem
    ssl_key: ../keys/client.key
  redis:
    tls_root_cert: system
    tls_cert: certs/redis.pem
    tls_key: certs/redis.key
`;

/** The effective value of each setting, as `config show --json` reports it (it never connects). */
function shown(sb: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const type of ['sqlite', 'postgres', 'redis']) {
    const result = infer(sb, ['config', 'show', '--json', ...args], { env: { INFER_STORAGE_TYPE: type, ...env } });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { settings: { key: string; value?: unknown }[] };
    for (const setting of report.settings) values[setting.key] = setting.value;
  }
  return values;
}

/** What every path setting of {@link STORAGE} resolves to when the file is in `dir`. */
function expected(dir: string): Record<string, unknown> {
  return {
    'storage.migrations_dir': join(dir, 'own-migrations'),
    'storage.sqlite.path': join(dir, 'data', 'conversations.db'),
    'storage.postgres.ssl_root_cert': join(dir, 'certs', 'root.pem'),
    'storage.postgres.ssl_cert': join(dir, 'certs', 'client.pem'),
    'storage.postgres.ssl_key': join(dir, '..', 'keys', 'client.key'),
    'storage.redis.tls_root_cert': 'system',
    'storage.redis.tls_cert': join(dir, 'certs', 'redis.pem'),
    'storage.redis.tls_key': join(dir, 'certs', 'redis.key'),
  };
}

describe('a relative path in a configuration file is relative to that file, whatever the current directory', () => {
  it('named by --config (itself given relative to the current directory)', () => {
    const sb = sandbox();
    writeConfig(sb, STORAGE, join(sb.root, 'elsewhere', 'infer.yaml'));
    expect(shown(sb, ['--config', '../elsewhere/infer.yaml'])).toMatchObject(expected(join(sb.root, 'elsewhere')));
  });

  it('named by INFER_CONFIG', () => {
    const sb = sandbox();
    const file = writeConfig(sb, STORAGE, join(sb.root, 'elsewhere', 'infer.yaml'));
    expect(shown(sb, [], { INFER_CONFIG: file })).toMatchObject(expected(join(sb.root, 'elsewhere')));
  });

  it('~/.infer/config.yaml', () => {
    const sb = sandbox();
    writeConfig(sb, STORAGE, join(sb.home, '.infer', 'config.yaml'));
    expect(shown(sb, [])).toMatchObject(expected(join(sb.home, '.infer')));
  });

  it('.infer/config.yaml found in the current directory', () => {
    const sb = sandbox();
    writeConfig(sb, STORAGE);
    expect(shown(sb, [])).toMatchObject(expected(join(sb.cwd, '.infer')));
  });

  it('while a path an environment variable gives is relative to the current directory', () => {
    const sb = sandbox();
    const file = writeConfig(sb, STORAGE, join(sb.root, 'elsewhere', 'infer.yaml'));
    const values = shown(sb, ['--config', file], {
      INFER_STORAGE_SQLITE_PATH: 'env.db',
      INFER_STORAGE_MIGRATIONS_DIR: 'env-migrations',
      INFER_STORAGE_POSTGRES_SSL_CERT: 'env/client.pem',
    });
    expect(values).toMatchObject({
      ...expected(join(sb.root, 'elsewhere')),
      'storage.sqlite.path': join(sb.cwd, 'env.db'),
      'storage.migrations_dir': join(sb.cwd, 'env-migrations'),
      'storage.postgres.ssl_cert': join(sb.cwd, 'env', 'client.pem'),
    });
  });

  it('named by storage copy --to: the target database is created beside that file', async () => {
    const sb = sandbox();
    const source = sqliteStore(sb, 'source');
    await seed(source, seedConversations(1));
    writeConfig(sb, 'storage:\n  type: sqlite\n  sqlite:\n    path: target.db\n', join(sb.root, 'to', 'target.yaml'));
    const result = infer(sb, ['storage', 'copy', '--config', source.config, '--to', '../to/target.yaml']);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(sb.root, 'to', 'target.db'))).toBe(true);
    expect(existsSync(join(sb.cwd, 'target.db'))).toBe(false);
  });
});
