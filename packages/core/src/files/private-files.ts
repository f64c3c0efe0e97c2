import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Directories that hold conversations, credentials or backups: the owner only, whatever the umask. */
export const PRIVATE_DIRECTORY_MODE = 0o700;
/** Databases, their backups, exports and config files: read and write for the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `directory` and its missing parents `0700`. The mode given to mkdir is filtered by the
 * umask, so each directory created is set explicitly; one that already exists keeps its mode.
 */
export function createPrivateDirectory(directory: string): void {
  const target = resolve(directory);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  if (first === undefined) return;
  for (let created = target; ; created = dirname(created)) {
    chmodSync(created, PRIVATE_DIRECTORY_MODE);
    if (created === resolve(first) || created === dirname(created)) return;
  }
}

/**
 * Writes `content` to a new file created `0600` (whatever the umask); an existing file makes it
 * throw `EEXIST`, unless `replace`: then it is overwritten and keeps its own mode (never loosened).
 */
export function writePrivateFile(
  path: string,
  content: string | Uint8Array,
  options: { replace?: boolean } = {},
): void {
  const fd = openPrivate(path, options.replace ?? false);
  try {
    writeFileSync(fd, content);
  } finally {
    closeSync(fd);
  }
}

function openPrivate(path: string, replace: boolean): number {
  let fd: number;
  try {
    fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if (replace && (error as NodeJS.ErrnoException).code === 'EEXIST') return openSync(path, 'w');
    throw error;
  }
  // The mode given to open is filtered by the umask.
  fchmodSync(fd, PRIVATE_FILE_MODE);
  return fd;
}
