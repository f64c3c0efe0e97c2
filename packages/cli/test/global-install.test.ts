import { testsUse } from '@infer/test-servers';
// Every public package published to a throwaway registry, then `npm install -g @infer/cli` into an
// empty prefix with an empty HOME, as a user does, under each Node.js line we support: the one
// running the tests and INFER_TEST_OTHER_NODE (CI: Node 24 from the npm registry's `node` package).
// better-sqlite3 compiles from source there, against the headers of the Node.js that installs it.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '@infer/test-servers/cli';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { mariadbDatabases } from '@infer/test-servers/mariadb';

const OTHER_NODE = process.env.INFER_TEST_OTHER_NODE;
const sb = sandbox();
let registry: LocalRegistry;

beforeAll(async () => {
  registry = await startLocalRegistry(join(sb.root, 'registry'));
  registry.publishWorkspace();
}, 300_000);
afterAll(() => registry?.stop());

/**
 * The directory holding `include/node` for a node binary: its installation prefix (`/usr` for
 * /usr/bin/node), or, for the npm registry's `node` package, its platform package beside it.
 */
function nodeHeadersOf(binary: string): string {
  const prefix = dirname(dirname(realpathSync(binary)));
  const candidates = [prefix, join(prefix, 'node_modules', `node-${process.platform}-${process.arch}`)];
  const found = candidates.find((dir) => existsSync(join(dir, 'include', 'node', 'node_version.h')));
  if (!found) throw new Error(`no Node.js headers (include/node) for ${binary} in ${candidates.join(' or ')}`);
  return found;
}

/** The environment of a user with an empty HOME whose npm knows only the throwaway registry. */
function userEnvironment(home: string, node: string): NodeJS.ProcessEnv {
  return {
    ...registry.clientEnv(sb.env),
    HOME: home,
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // `npm` and the installed `infer` (#!/usr/bin/env node) both run on this node.
    PATH: [dirname(node), sb.env.PATH].join(delimiter),
    npm_config_cache: join(sb.root, 'npm-cache'),
    // INFER_TEST_OTHER_NODE_HEADERS: other headers for that Node, as the README asks of Node 24.19+.
    npm_config_nodedir: (node === OTHER_NODE && process.env.INFER_TEST_OTHER_NODE_HEADERS) || nodeHeadersOf(node),
    // No prebuilt better-sqlite3 can be downloaded here: compile it without trying.
    npm_config_build_from_source: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

it.runIf(!OTHER_NODE && process.env.CI === 'true')('has INFER_TEST_OTHER_NODE on CI', () => {
  expect.fail('set INFER_TEST_OTHER_NODE to a node binary of another Node.js line (npm install node@24)');
});

const nodes = [
  { label: `the Node.js running the tests (${process.version})`, binary: process.execPath },
  ...(OTHER_NODE ? [{ label: `INFER_TEST_OTHER_NODE (${OTHER_NODE})`, binary: OTHER_NODE }] : []),
];

describe.each(nodes.map((node, index) => ({ ...node, index })))('installed with $label', ({ binary, index }) => {
  const home = join(sb.root, `user-${index}`);
  const prefix = join(sb.root, `global-${index}`);
  let env: NodeJS.ProcessEnv;
  const run = (command: string, args: string[], extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
    spawnSync(command, args, { cwd: home, env: { ...env, ...extra }, encoding: 'utf8', timeout: 600_000 });
  const infer = (args: string[], extra?: NodeJS.ProcessEnv) => run(join(prefix, 'bin', 'infer'), args, extra);

  beforeAll(() => {
    mkdirSync(home, { recursive: true });
    env = userEnvironment(home, binary);
    const installed = run('npm', ['install', '--global', '--prefix', prefix, '@infer/cli']);
    expect(installed.status, installed.stdout + installed.stderr).toBe(0);
  }, 900_000);

  it('runs on that Node.js: migrate, migrate --status and backends on the default SQLite file', () => {
    const nodeVersion = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
    expect(infer(['--version']).stdout).toContain(
      `@infer/cli/0.1.0 ${process.platform}-${process.arch} node-${nodeVersion}`,
    );

    const migrated = infer(['migrate']);
    expect(migrated.stderr).toBe('');
    expect(migrated.status).toBe(0);
    expect(migrated.stdout).toContain('Applied 3 migrations to the SQLite database.');
    expect(existsSync(join(home, '.infer', 'conversations.db'))).toBe(true);

    const status = infer(['migrate', '--status']);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^SQLite Migration Status:\n(\n {2}✅ Version 00[123]: .+ \(Applied\)){3}\n$/);

    const backends = infer(['backends', '--json']);
    expect(backends.status, backends.stderr).toBe(0);
    expect(JSON.parse(backends.stdout).map((b: { type: string; package: string }) => `${b.type} ${b.package}`)).toEqual(
      [
        'memory @infer/backend-memory',
        'postgres @infer/backend-postgres',
        'redis @infer/backend-redis',
        'sqlite @infer/backend-sqlite',
      ],
    );
  }, 120_000);

  describe.runIf(testsUse('mariadb'))('with @acme/infer-backend-mariadb installed from the registry', () => {
    const freshDatabase = mariadbDatabases(`infer_global_${index}`);

    it('plugins install, then migrate and migrate --status on MariaDB', () => {
      const installed = infer(['plugins', 'install', '@acme/infer-backend-mariadb']);
      expect(installed.status, installed.stdout + installed.stderr).toBe(0);
      const database = freshDatabase();
      const migrated = infer(['migrate'], database);
      expect(migrated.status, migrated.stderr).toBe(0);
      expect(migrated.stdout).toContain('Applied 2 migrations to the MariaDB database.');
      const status = infer(['migrate', '--status'], database);
      expect(status.status, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/^MariaDB Migration Status:\n(\n {2}✅ Version 00[12]: .+ \(Applied\)){2}\n$/);
    }, 600_000);
  });
});
