import { testsUse } from '@infer/test-servers';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DIR, backendHookSource, infer, sandbox } from '@infer/test-servers/cli';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { mariadbDatabases } from '@infer/test-servers/mariadb';

let registry: LocalRegistry;
const sb = sandbox();

beforeAll(async () => {
  registry = await startLocalRegistry(join(sb.root, 'registry'));
  registry.publishWorkspace();
}, 240_000);
afterAll(() => registry?.stop());

/** A plugin package as a third party publishes it: its own dependency on @infer/core, a built hook. */
function writeNotesPlugin(): string {
  const dir = join(sb.root, 'notes-plugin');
  mkdirSync(dir, { recursive: true });
  const pjson = {
    name: '@acme/infer-backend-notes',
    version: '1.2.3',
    type: 'module',
    files: ['hook.js'],
    keywords: ['infer-backend', 'oclif-plugin'],
    oclif: { hooks: { 'infer:backend:notes': './hook.js' } },
    dependencies: { '@infer/core': '^0.1.0' },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pjson, null, 2));
  writeFileSync(join(dir, 'hook.js'), backendHookSource('notes', 'Notes'));
  return dir;
}

describe('infer plugins install from a registry', () => {
  it('installs a published backend plugin (with its own copy of core), uses it, uninstalls it', () => {
    registry.publish(writeNotesPlugin());
    const env = { ...registry.env };
    const installed = infer(sb, ['plugins', 'install', '@acme/infer-backend-notes'], { env });
    expect(installed.code, installed.stderr).toBe(0);
    // Installed from the registry, with a copy of core of its own beside it, not the CLI's.
    const own = join(sb.env.XDG_DATA_HOME!, 'infer', 'node_modules', '@infer', 'core', 'package.json');
    expect(JSON.parse(readFileSync(own, 'utf8'))).toMatchObject({ name: '@infer/core', version: '0.1.0' });

    const backends = infer(sb, ['backends', '--json'], { env });
    expect(backends.stderr).toBe('');
    expect(JSON.parse(backends.stdout)).toContainEqual({
      type: 'notes',
      displayName: 'Notes',
      migrations: 'none',
      package: '@acme/infer-backend-notes',
      version: '1.2.3',
      pluginType: 'user',
    });
    const status = infer(sb, ['migrate', '--status'], { env: { ...env, INFER_STORAGE_TYPE: 'notes' } });
    expect(status.stdout).toBe('Notes needs no migrations.\n');

    expect(infer(sb, ['plugins', 'uninstall', '@acme/infer-backend-notes'], { env }).code).toBe(0);
    const gone = infer(sb, ['migrate', '--status'], { env: { ...env, INFER_STORAGE_TYPE: 'notes' } });
    expect(gone.code).toBe(3);
    expect(gone.stderr).toMatch(
      /^Error: storage type "notes" is not installed \(installed: memory, postgres, redis, sqlite\)/,
    );
  }, 180_000);

  describe.runIf(testsUse('mariadb'))('the third-party MariaDB backend (examples/backend-mariadb)', () => {
    const MARIADB_DIR = join(CLI_DIR, '..', '..', 'examples', 'backend-mariadb');
    const freshDatabase = mariadbDatabases('infer_cli_plugin');

    /** migrate, --status and backends work with storage.type mariadb; then the plugin goes and the type with it. */
    function useThenRemove(env: NodeJS.ProcessEnv, remove: string[], pluginType: string) {
      const db = { ...env, ...freshDatabase() };
      const migrated = infer(sb, ['migrate'], { env: db });
      expect(migrated.code, migrated.stderr).toBe(0);
      expect(migrated.stdout).toContain('Applied 2 migrations to the MariaDB database.');
      const status = infer(sb, ['migrate', '--status'], { env: db });
      expect(status.stdout).toMatch(
        new RegExp(
          /^MariaDB Migration Status:\n\n {2}✅ Version 001: .+\(Applied\)\n {2}✅ Version 002: Add user /.source +
            /preferences table \(Applied\)$/.source,
          'm',
        ),
      );
      const backends = JSON.parse(infer(sb, ['backends', '--json'], { env }).stdout) as {
        type: string;
        package: string;
        pluginType: string;
      }[];
      expect(backends).toContainEqual(
        expect.objectContaining({ type: 'mariadb', package: '@acme/infer-backend-mariadb', pluginType }),
      );
      expect(infer(sb, ['plugins', ...remove, '@acme/infer-backend-mariadb'], { env }).code).toBe(0);
      const gone = infer(sb, ['migrate', '--status'], { env: db });
      expect(gone.code).toBe(3);
      expect(gone.stderr).toMatch(/^Error: storage type "mariadb" is not installed/);
    }

    it('works linked from its directory, and unlinked is gone', () => {
      expect(infer(sb, ['plugins', 'link', MARIADB_DIR, '--no-install']).code).toBe(0);
      useThenRemove({}, ['unlink'], 'link');
    }, 120_000);

    it('works installed from the registry, and uninstalled is gone', () => {
      const installed = infer(sb, ['plugins', 'install', '@acme/infer-backend-mariadb'], { env: registry.env });
      expect(installed.code, installed.stderr).toBe(0);
      useThenRemove(registry.env, ['uninstall'], 'user');
    }, 240_000);
  });
});
