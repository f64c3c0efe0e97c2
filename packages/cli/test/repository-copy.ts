import { execFileSync } from 'node:child_process';
import { cpSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './workspace-packages.js';

/** Left out of a copy: git's data, and what is large and not needed to build or publish. */
const LEFT_OUT = new Set(['.git', 'node_modules', '.ci-node', 'bench/.work', 'coverage']);

/**
 * A copy of the repository as it is now (sources, build output, each package's links into the
 * installed dependencies) in `destination`, sharing the root node_modules, committed to a fresh git
 * repository of its own: what a release does there (versions, changelogs, tags) stays there.
 */
export function copyRepository(destination: string): string {
  cpSync(REPO_ROOT, destination, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !LEFT_OUT.has(relative(REPO_ROOT, source)),
  });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(destination, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: destination, stdio: 'pipe' });
  git('init', '--quiet', '--initial-branch', 'main');
  git('add', '--all');
  git('-c', 'user.name=Release Test', '-c', 'user.email=release-test@localhost', 'commit', '--quiet', '-m', 'copy');
  return destination;
}
