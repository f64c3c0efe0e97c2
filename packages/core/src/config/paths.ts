import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * A path as users write it where no file names it (an environment variable, code): `~` is their
 * home, a relative path is from the current directory.
 */
export function resolveUserPath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return resolve(path);
}

/** A path as written in the configuration file `file`: `~` is the home, a relative one is from the file's directory. */
export function resolveFromFile(path: string, file: string): string {
  return path === '~' || path.startsWith('~/') ? resolveUserPath(path) : resolve(dirname(file), path);
}
