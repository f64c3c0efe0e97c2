import { resolve } from 'node:path';
import { ConfigurationError, messageOf, writePrivateFile } from '@infer/core';

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
