import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDocument } from './documents.js';
import { CLI_DIR, infer, inferQuietly, linkHookPlugin, sandbox } from '@infer/test-servers/cli';

const versionOf = (name: string) =>
  (JSON.parse(readFileSync(join(CLI_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

/** The hook file of a plugin whose hook throws `message`. */
const throwingHook = (message: string) => `export default async function () { throw new Error('${message}'); }\n`;

describe('infer backends', () => {
  it('lists the bundled backends as an aligned table with package, version and migrations', () => {
    const sb = sandbox();
    const result = inferQuietly(sb, ['backends']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TYPE +PACKAGE +VERSION +MIGRATIONS$/);
    const memory = lines.find((l) => l.startsWith('memory '));
    const sqlite = lines.find((l) => l.startsWith('sqlite '));
    expect(memory).toMatch(new RegExp(`^memory +@infer/backend-memory +${versionOf('@infer/backend-memory')} +none$`));
    expect(sqlite).toMatch(new RegExp(`^sqlite +@infer/backend-sqlite +${versionOf('@infer/backend-sqlite')} +\\d+$`));
    // Aligned: every column starts at the same offset on every line.
    for (const header of ['PACKAGE', 'VERSION', 'MIGRATIONS']) {
      const column = lines[0]!.indexOf(header);
      for (const line of lines.slice(1)) expect(line[column - 1]).toBe(' ');
      for (const line of lines.slice(1)) expect(line[column]).not.toBe(' ');
    }
  });

  it('--json returns an array of every backend', () => {
    const sb = sandbox();
    const result = infer(sb, ['backends', '--json']);
    expect(result.code).toBe(0);
    const backends = expectDocument<Record<string, unknown>[]>(result.stdout, 'backendList', 'backends');
    const types = backends.map((b) => b.type);
    expect(types).toEqual([...types].sort());
    const byType = new Map(backends.map((b) => [b.type, b]));
    expect(byType.get('memory')).toMatchObject({
      package: '@infer/backend-memory',
      displayName: 'Memory',
      migrations: 'none',
    });
    expect(byType.get('sqlite')).toMatchObject({
      package: '@infer/backend-sqlite',
      displayName: 'SQLite',
      version: versionOf('@infer/backend-sqlite'),
    });
    expect(byType.get('sqlite')!.migrations).toBeGreaterThanOrEqual(2);
  });

  it('reports each plugin whose hook fails as one warning naming it, and goes on with the others', () => {
    const sb = sandbox();
    linkHookPlugin(sb, {
      name: 'infer-backend-throws',
      type: 'throws',
      hook: throwingHook('cannot reach the mainframe'),
    });
    linkHookPlugin(sb, {
      name: 'infer-backend-unloadable',
      type: 'unloadable',
      hook: "import 'infer-missing-driver';\nexport default async function () {}\n",
    });
    linkHookPlugin(sb, {
      name: 'infer-backend-liar',
      type: 'liar',
      hook:
        'export default async function () {\n' +
        "  return { type: 'other', displayName: 'Other', migrations: 'none' };\n}\n",
    });
    const result = infer(sb, ['backends']);
    expect(result.code).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('Warning: plugin '));
    expect(warnings).toHaveLength(3);
    expect(warnings).toContain(
      'Warning: plugin infer-backend-throws 3.1.4 failed to register its backend: cannot reach the mainframe',
    );
    expect(warnings.find((w) => w.includes('infer-backend-unloadable 3.1.4'))).toMatch(/infer-missing-driver/);
    expect(warnings).toContain(
      'Warning: plugin infer-backend-liar 3.1.4 failed to register its backend: its infer:backend:liar hook ' +
        'registered storage type "other" instead of "liar"',
    );
    expect(result.stdout).toMatch(/^sqlite +@infer\/backend-sqlite/m);
    expect(result.stdout).toMatch(/^memory +@infer\/backend-memory/m);
    expect(result.stdout).not.toMatch(/^(throws|unloadable|liar|other) /m);

    // A command loads only the plugin of the type it uses: the broken ones are not even imported.
    const migrate = inferQuietly(sb, ['migrate', '--status', '--json']);
    expect(JSON.parse(migrate.stdout)).toMatchObject({ type: 'sqlite' });

    // Choosing a broken plugin's type says which plugin failed, and how to fix it.
    const broken = infer(sb, ['migrate', '--status'], { env: { INFER_STORAGE_TYPE: 'throws' } });
    expect(broken.code).toBe(3);
    expect(broken.stderr.trimEnd().split('\n')).toEqual([
      'Error: storage type "throws" could not be loaded: plugin infer-backend-throws 3.1.4 failed to register ' +
        'it: cannot reach the mainframe. Fix: reinstall it with "infer plugins install infer-backend-throws", or ' +
        'choose another storage.type ("infer backends" lists them)',
    ]);
  });

  it('knows the types of every plugin without loading them, and names them for an unknown type', () => {
    const sb = sandbox();
    linkHookPlugin(sb, { name: 'infer-backend-throws', type: 'throws', hook: throwingHook('never loaded') });
    const result = infer(sb, ['migrate', '--status'], { env: { INFER_STORAGE_TYPE: 'mysql' } });
    expect(result.code).toBe(3);
    expect(result.stderr).not.toContain('never loaded');
    expect(result.stderr).toMatch(
      /^Error: storage type "mysql" is not installed \(installed: memory, postgres, redis, sqlite, throws\)/,
    );
  });
});
