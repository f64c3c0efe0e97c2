import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, infer, sandbox } from '@infer/test-servers/cli';
import { seedConversations } from '@infer/test-servers/conversations';
import { seed, sqliteStore } from './stores.js';

/**
 * Every directory infer creates for a store is 0700 and every file it writes there (database, its
 * -wal/-shm, backups, exports, the config of `init`) 0600, under the usual umask 022; a file that
 * already exists keeps its mode.
 */
const UMASK = { umask: '022' } as const;
const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** `relative path → mode` of `root` and of everything under it. */
function modesUnder(root: string, base = root): Record<string, string> {
  const modes: Record<string, string> = { [relative(base, root) || '.']: modeOf(root) };
  if (statSync(root).isDirectory())
    for (const name of readdirSync(root)) Object.assign(modes, modesUnder(join(root, name), base));
  return modes;
}

/** Each directory 0700, each file 0600. */
function expectPrivate(root: string): Record<string, string> {
  const modes = modesUnder(root);
  for (const [path, mode] of Object.entries(modes))
    expect(`${path} ${mode}`).toBe(`${path} ${statSync(join(root, path)).isDirectory() ? '700' : '600'}`);
  return modes;
}

describe('private data is private (umask 022)', () => {
  it('init and migrate create .infer and ~/.infer 0700; config.yaml, .gitignore, the database, backups 0600', () => {
    const sb = sandbox();
    const init = infer(sb, ['init'], UMASK);
    expect(init.code, init.stderr).toBe(0);
    for (const args of [['migrate', 'down'], ['migrate']])
      expect(infer(sb, args, UMASK).stdout).toContain('Backed up the database to');

    expect(Object.keys(expectPrivate(join(sb.cwd, '.infer'))).sort()).toEqual(['.', '.gitignore', 'config.yaml']);
    const store = Object.keys(expectPrivate(join(sb.home, '.infer')));
    expect(store).toContain('conversations.db');
    expect(store.filter((name) => /^conversations\.db\.backup-\d{8}T\d{9}Z$/.test(name))).toHaveLength(2);
  });

  it('a database in new directories: each made 0700, an existing parent keeps its mode; -wal, -shm 0600', async () => {
    const sb = sandbox();
    const parent = join(sb.root, 'data');
    mkdirSync(parent);
    chmodSync(parent, 0o755);
    const path = join(parent, 'a', 'b', 'store.db');
    // A migration slow enough that the -wal and -shm of the running process can be looked at.
    const migrations = join(sb.root, 'migrations');
    mkdirSync(join(migrations, 'sqlite'), { recursive: true });
    writeFileSync(
      join(migrations, 'sqlite', '004_slow.up.sql'),
      'CREATE TABLE slow AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) ' +
        'SELECT i, randomblob(16) AS b FROM n;\n',
    );
    const env = { ...sb.env, INFER_STORAGE_SQLITE_PATH: path, INFER_STORAGE_MIGRATIONS_DIR: migrations };
    const child = spawn('/bin/sh', ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, BIN, 'migrate'], {
      cwd: sb.cwd,
      env,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const companions: Record<string, string> = {};
    let running = true;
    void exited.then(() => (running = false));
    while (running && Object.keys(companions).length < 2) {
      for (const suffix of ['-wal', '-shm']) {
        try {
          companions[suffix] = modeOf(`${path}${suffix}`);
        } catch {
          // not created yet
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(await exited).toBe(0);
    expect(companions).toEqual({ '-wal': '600', '-shm': '600' });
    expect(modesUnder(parent)).toEqual({ '.': '755', a: '700', 'a/b': '700', 'a/b/store.db': '600' });
  });

  it('an existing 0644 database stays 0644 and its backup is 0600', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate'], UMASK).code).toBe(0);
    chmodSync(sb.defaultDb, 0o644);
    const result = infer(sb, ['migrate', 'down'], UMASK);
    expect(result.code, result.stderr).toBe(0);
    const backup = /Backed up the database to (\S+)/.exec(result.stdout)![1]!;
    expect({ database: modeOf(sb.defaultDb), backup: modeOf(backup) }).toEqual({ database: '644', backup: '600' });
  });

  it('conversations export creates its file 0600, and --force keeps the mode of the file it replaces', async () => {
    const sb = sandbox();
    const store = sqliteStore(sb);
    await seed(store, seedConversations(1));
    const exported = join(sb.cwd, 'full.json');
    const cli = (...args: string[]) =>
      infer(sb, ['conversations', 'export', 'full', '--format', 'json', '--config', store.config, ...args], UMASK);
    expect(cli('--output', exported).code).toBe(0);
    expect(modeOf(exported)).toBe('600');

    const shared = join(sb.cwd, 'shared.json');
    writeFileSync(shared, 'old');
    chmodSync(shared, 0o644);
    expect(cli('--output', shared, '--force').code).toBe(0);
    expect(readFileSync(shared, 'utf8')).toBe(readFileSync(exported, 'utf8'));
    expect(modeOf(shared)).toBe('644');
  });

  it('init --config: new directories 0700, the file 0600; --overwrite keeps the mode of the file it replaces', () => {
    const sb = sandbox();
    const config = join(sb.cwd, 'conf', 'deep', 'infer.yaml');
    expect(infer(sb, ['init', '--config', config, '--skip-migrations'], UMASK).code).toBe(0);
    expect(modesUnder(join(sb.cwd, 'conf'))).toEqual({ '.': '700', deep: '700', 'deep/infer.yaml': '600' });
    expect(existsSync(join(sb.cwd, '.infer'))).toBe(false);

    chmodSync(config, 0o640);
    expect(infer(sb, ['init', '--config', config, '--skip-migrations', '--overwrite'], UMASK).code).toBe(0);
    expect(modeOf(config)).toBe('640');
  });
});
