import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI_DIR } from '@infer/test-servers/cli';

export const REPO_ROOT = join(CLI_DIR, '..', '..');

/** A package of the pnpm workspace, as `pnpm ls -r` lists it. */
export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly private: boolean;
}

/** Every package of the workspace but its root, private ones included. */
export function workspacePackages(): WorkspacePackage[] {
  const listed = JSON.parse(
    execFileSync('pnpm', ['-r', 'ls', '--json', '--depth', '-1'], { cwd: REPO_ROOT, encoding: 'utf8' }),
  ) as { name: string; version: string; path: string; private?: boolean }[];
  return listed
    .filter((entry) => relative(REPO_ROOT, entry.path) !== '')
    .map((entry) => ({ name: entry.name, version: entry.version, dir: entry.path, private: entry.private === true }));
}

/** The packages a release publishes. */
export function publicPackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => !pkg.private);
}

/** A package packed as `pnpm publish` would upload it, and unpacked. */
export interface PackedPackage {
  readonly tarball: string;
  /** Where the tarball was unpacked (its `package/` directory). */
  readonly root: string;
  /** Every file of the tarball, relative to `root`, with `/` separators. */
  readonly files: string[];
}

export function pack(pkg: WorkspacePackage, destination: string): PackedPackage {
  mkdirSync(destination, { recursive: true });
  const packed = JSON.parse(
    execFileSync('pnpm', ['pack', '--pack-destination', destination, '--json'], { cwd: pkg.dir, encoding: 'utf8' }),
  ) as { filename: string };
  const unpacked = join(destination, pkg.name.replace('/', '__'));
  mkdirSync(unpacked, { recursive: true });
  execFileSync('tar', ['-xzf', packed.filename, '-C', unpacked]);
  const root = join(unpacked, 'package');
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'));
  return { tarball: packed.filename, root, files: files.sort() };
}
