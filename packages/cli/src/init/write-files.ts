import { existsSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ConfigurationError, createPrivateDirectory, messageOf, writePrivateFile } from '@infer/core';

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

/**
 * Writes every file, or none: any that exists is refused before anything is written, unless
 * `overwrite`. A config file may hold a password: new files are `0600` in new directories `0700`;
 * a file replaced keeps its mode. Returns the written paths.
 */
export function writeFiles(files: readonly FileToWrite[], options: { overwrite: boolean; cwd: string }): string[] {
  const shown = (path: string) => relative(options.cwd, path) || path;
  if (!options.overwrite) {
    const existing = files.filter((file) => existsSync(file.path)).map((file) => shown(file.path));
    if (existing.length > 0) {
      throw new ConfigurationError(
        `${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written`,
        {
          hint:
            `run "infer init --overwrite" to replace ${existing.length === 1 ? 'it' : 'them'} with the defaults, ` +
            `or edit ${existing.length === 1 ? 'it' : 'them'} yourself`,
        },
      );
    }
  }
  for (const file of files) {
    try {
      createPrivateDirectory(dirname(file.path));
      // Created exclusively: the no-overwrite promise holds even if another process creates the file meanwhile.
      writePrivateFile(file.path, file.content, { replace: options.overwrite });
    } catch (error) {
      throw new ConfigurationError(`cannot write ${shown(file.path)}: ${messageOf(error)}`, {
        cause: error,
        hint: `check the permissions of ${shown(dirname(file.path))}`,
      });
    }
  }
  return files.map((file) => file.path);
}
