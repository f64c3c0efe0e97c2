// The release flow of docs/releasing.md, in a copy of the repository against a throwaway registry:
// `pnpm release` publishes every public package at its version and nothing private; a changeset,
// `pnpm changeset version` and `pnpm release` again publish the next versions with their changelogs.
import { type SpawnSyncReturns, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sandbox } from '@infer/test-servers/cli';
import { type LocalRegistry, startLocalRegistry } from './local-registry.js';
import { copyRepository } from './repository-copy.js';
import { REPO_ROOT, workspacePackages } from './workspace-packages.js';

const sb = sandbox();
let registry: LocalRegistry;
let copy: string;
const packages = workspacePackages();
const publicOnes = packages.filter((pkg) => !pkg.private);
const privateOnes = packages.filter((pkg) => pkg.private);
const inCopy = (dir: string) => join(copy, relative(REPO_ROOT, dir));

beforeAll(async () => {
  registry = await startLocalRegistry(join(sb.root, 'registry'));
  copy = copyRepository(join(sb.root, 'repository'));
}, 300_000);
afterAll(() => registry?.stop());

/** Who a release job tags as: changesets makes annotated tags, which git refuses without a name. */
const RELEASER = {
  GIT_AUTHOR_NAME: 'Release Test',
  GIT_AUTHOR_EMAIL: 'release-test@localhost',
  GIT_COMMITTER_NAME: 'Release Test',
  GIT_COMMITTER_EMAIL: 'release-test@localhost',
};

/** A command in the copy with the registry named only in the environment, as in a release job. */
function inRepository(command: string, args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd: copy,
    env: registry.clientEnv({ ...process.env, ...RELEASER, CI: 'true' }),
    encoding: 'utf8',
    timeout: 600_000,
  });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
  return result;
}

/** The versions of a package on the registry; none when it was never published there. */
function publishedVersions(name: string): string[] {
  const view = spawnSync('npm', ['view', name, 'versions', '--json'], {
    env: registry.clientEnv(process.env),
    encoding: 'utf8',
  });
  if (view.status !== 0) {
    expect(view.stdout + view.stderr).toMatch(/E404/);
    return [];
  }
  return [JSON.parse(view.stdout)].flat();
}

const tags = () => execFileSync('git', ['tag', '--list'], { cwd: copy, encoding: 'utf8' }).split('\n').filter(Boolean);

it('pnpm release publishes each public package at its version, tags it, and publishes nothing private', () => {
  inRepository('pnpm', ['release']);
  for (const pkg of publicOnes) expect(publishedVersions(pkg.name), pkg.name).toEqual([pkg.version]);
  for (const pkg of privateOnes) expect(publishedVersions(pkg.name), pkg.name).toEqual([]);
  expect(tags().sort()).toEqual(publicOnes.map((pkg) => `${pkg.name}@${pkg.version}`).sort());
}, 600_000);

it('a core changeset bumps core and the packages pinning it, with changelogs; the next release publishes them', () => {
  // The repository's own pending changesets belong to its next release: this one releases only its own.
  const pending = join(copy, '.changeset');
  for (const file of readdirSync(pending))
    if (file.endsWith('.md') && file !== 'README.md') rmSync(join(pending, file));
  writeFileSync(join(copy, '.changeset', 'release-test.md'), "---\n'@infer/core': patch\n---\n\nA release-test fix.\n");
  inRepository('pnpm', ['changeset', 'version']);
  // The MariaDB example depends on core by a caret range (workspace:^), which 0.1.1 still satisfies:
  // it stays. The others pin core (workspace:* publishes the exact version), so they get a patch.
  const caret = '@acme/infer-backend-mariadb';
  const manifest = (dir: string) => JSON.parse(readFileSync(join(inCopy(dir), 'package.json'), 'utf8'));
  for (const pkg of publicOnes)
    expect(manifest(pkg.dir).version, pkg.name).toBe(pkg.name === caret ? '0.1.0' : '0.1.1');
  for (const pkg of privateOnes) expect(manifest(pkg.dir).version, pkg.name).toBe(pkg.version);
  const core = publicOnes.find((pkg) => pkg.name === '@infer/core')!;
  expect(readFileSync(join(inCopy(core.dir), 'CHANGELOG.md'), 'utf8')).toMatch(
    /^# @infer\/core\n\n## 0\.1\.1\n\n### Patch Changes\n\n- (?:[0-9a-f]{7}: )?A release-test fix\.\n\n## 0\.1\.0\n/,
  );

  inRepository('pnpm', ['release']);
  for (const pkg of publicOnes) {
    expect(publishedVersions(pkg.name), pkg.name).toEqual(pkg.name === caret ? ['0.1.0'] : ['0.1.0', '0.1.1']);
  }
  for (const pkg of privateOnes) expect(publishedVersions(pkg.name), pkg.name).toEqual([]);
}, 600_000);
