import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { ConfigurationError, messageOf } from '@infer/core';

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

/**
 * Writes every file, or none: any that exists is refused before anything is written, unless
 * `overwrite`. Returns the written paths.
 */
export function writeFiles(files: readonly FileToWrite[], options: { overwrite: boolean; cwd: string }): string[] {
  const shown = (path: string) => relative(options.cwd, path) || path;
  if (!options.overwrite) {
    const existing = files.filter((file) => existsSync(file.path)).map((file) => shown(file.path));
    if (existing.length > 0) {
      throw new ConfigurationError(`${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written`, {
        hint: `run "infer init --overwrite" to replace ${existing.length === 1 ? 'it' : 'them'} with the defaults, or edit ${existing.length === 1 ? 'it' : 'them'} yourself`,
      });
    }
  }
  for (const file of files) {
    try {
      mkdirSync(dirname(file.path), { recursive: true });
      // 'wx' keeps the no-overwrite promise even if another process creates the file meanwhile.
      writeFileSync(file.path, file.content, { flag: options.overwrite ? 'w' : 'wx' });
    } catch (error) {
      throw new ConfigurationError(`cannot write ${shown(file.path)}: ${messageOf(error)}`, {
        cause: error,
        hint: `check the permissions of ${shown(dirname(file.path))}`,
      });
    }
  }
  return files.map((file) => file.path);
}
