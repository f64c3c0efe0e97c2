import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  CONFIG_FILE,
  ConfigurationError,
  createPrivateDirectory,
  messageOf,
  notAFile,
  writePrivateFile,
} from '@infer/core';

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
  /** The flag that named the file (`--config`), as errors name it; absent for the default location. */
  readonly flag?: string;
}

export interface WriteOptions {
  readonly overwrite: boolean;
  readonly cwd: string;
  /**
   * The `infer init` command line a hint tells the user to run, with the flags they gave (`--config`,
   * `--type`): following it must write the same file; `configFile` replaces the `--config` given.
   */
  readonly rerun: (configFile?: string) => string;
}

/**
 * Writes every file, or none: one that is a directory (or not a regular file) is refused first, then
 * any that exists unless `overwrite`, before anything is written. A config file may hold a password:
 * new files are `0600` in new directories `0700`; a file replaced keeps its mode. Returns the
 * written paths.
 */
export function writeFiles(files: readonly FileToWrite[], options: WriteOptions): string[] {
  const shown = (path: string) => relative(options.cwd, path) || path;
  for (const file of files) {
    const problem = notAFile(file.path);
    if (problem === undefined) continue;
    const named = file.flag === undefined ? shown(file.path) : `${file.flag}: ${shown(file.path)}`;
    throw new ConfigurationError(`${named} ${problem}`, {
      hint:
        file.flag === undefined
          ? `move it out of the way, then run "${options.rerun()}" again`
          : `name a file, e.g. "${options.rerun(join(shown(file.path), CONFIG_FILE))}"`,
    });
  }
  if (!options.overwrite) {
    const existing = files.filter((file) => existsSync(file.path)).map((file) => shown(file.path));
    if (existing.length > 0) {
      const them = existing.length === 1 ? 'it' : 'them';
      throw new ConfigurationError(
        `${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written`,
        { hint: `run "${options.rerun()} --overwrite" to replace ${them} with the defaults, or edit ${them} yourself` },
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
