import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError, messageOf, writePrivateFile } from '@infer/core';

/**
 * Refuses an `--output` that names a directory, before any work: the export says so rather than
 * guessing a file name inside it (exit 3).
 */
export function assertNotDirectory(path: string, example: string): void {
  let directory = false;
  try {
    directory = statSync(path).isDirectory();
  } catch {
    // Nothing there yet (or unreadable): writing it says what is wrong.
  }
  if (directory) {
    throw new ConfigurationError(`--output ${path} is a directory; nothing was written`, {
      hint: `name a file, e.g. --output ${example}`,
    });
  }
}

/**
 * Writes `content` to `path`, a new file `0600` (a conversation is private); an existing file is
 * refused unless `force`, and then keeps its mode. Returns the absolute path.
 */
export function writeOutputFile(path: string, content: string, force: boolean): string {
  const absolute = resolve(path);
  try {
    // 'wx' fails on an existing file atomically: no window between a check and the write.
    writePrivateFile(absolute, content, { replace: force });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConfigurationError(`${path} already exists; nothing was written`, {
        hint: 'pass --force to replace it, or choose another --output file',
      });
    }
    throw new ConfigurationError(`cannot write ${path}: ${messageOf(error)}`, {
      cause: error,
      hint: 'check that its directory exists and is writable',
    });
  }
  return absolute;
}
