import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** A path as users write it in configuration: `~` is their home, a relative path is from the current directory. */
export function resolveUserPath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return resolve(path);
}
