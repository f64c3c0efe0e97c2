import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';

export const CONFIG_DIR = '.infer';
export const CONFIG_FILE = 'config.yaml';

/** The variable that names the configuration file, as `--config` does (for CI and containers). */
export const CONFIG_VARIABLE = 'INFER_CONFIG';

/**
 * Where a configuration came from, for messages ("in ~/.infer/config.yaml"). `flag` (`--config`)
 * and `env` (`INFER_CONFIG`) are files the user chose; `project` is the one found in the current
 * directory, which may belong to someone else (a cloned repository).
 */
export interface ConfigSource {
  readonly kind: 'flag' | 'env' | 'project' | 'user' | 'defaults';
  readonly path?: string;
}

export interface LocateOptions {
  readonly cwd?: string;
  readonly homeDir?: string;
  /** An explicit file (`--config`); it must exist. */
  readonly configPath?: string;
  /** The flag that gave `configPath`, as errors name it; default `--config`. */
  readonly configFlag?: string;
  /** Where `INFER_CONFIG` (and, when loading, `INFER_STORAGE_*`) are read; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * `--config`, else `INFER_CONFIG`, else `./.infer/config.yaml`, else `~/.infer/config.yaml`, else
 * defaults. Run from the home directory, `./.infer/config.yaml` is the user's own file.
 */
export function locateConfig(options: LocateOptions = {}): ConfigSource {
  const cwd = options.cwd ?? process.cwd();
  if (options.configPath !== undefined) {
    const flag = options.configFlag ?? '--config';
    return {
      kind: 'flag',
      path: existingFile(cwd, options.configPath, flag, `pass the path of an existing YAML file to ${flag}`),
    };
  }
  const named = (options.env ?? process.env)[CONFIG_VARIABLE];
  if (named !== undefined && named !== '') {
    return {
      kind: 'env',
      path: existingFile(
        cwd,
        named,
        CONFIG_VARIABLE,
        `set ${CONFIG_VARIABLE} to the path of an existing YAML file, or unset it`,
      ),
    };
  }
  const project = join(cwd, CONFIG_DIR, CONFIG_FILE);
  const user = join(options.homeDir ?? homedir(), CONFIG_DIR, CONFIG_FILE);
  if (existsSync(project))
    return {
      kind: existsSync(user) && realpathSync(project) === realpathSync(user) ? 'user' : 'project',
      path: project,
    };
  if (existsSync(user)) return { kind: 'user', path: user };
  return { kind: 'defaults' };
}

/**
 * The file `given` names, resolved; `from` (the flag or variable) is named when it is missing or not
 * a file, and the hint repeats `given` in the `infer init` that would create it.
 */
function existingFile(cwd: string, given: string, from: string, fix: string): string {
  const path = resolve(cwd, given);
  const problem = existsSync(path) ? notAFile(path) : 'does not exist';
  if (problem === undefined) return path;
  const create =
    problem === 'does not exist'
      ? `, or create it with "infer init --config ${given}"`
      : problem === IS_A_DIRECTORY
        ? `, or create one in it with "infer init --config ${join(given, CONFIG_FILE)}"`
        : '';
  throw new ConfigurationError(`${from}: config file ${path} ${problem}`, { hint: `${fix}${create}` });
}

const IS_A_DIRECTORY = 'is a directory, not a file';

/**
 * What keeps `path` from being a file to read or replace, as a message continues after it:
 * `is a directory, not a file`, `is not a regular file`; `undefined` for a file or nothing there.
 */
export function notAFile(path: string): string | undefined {
  const stats = existsSync(path) ? statSync(path) : undefined;
  if (stats === undefined || stats.isFile()) return undefined;
  return stats.isDirectory() ? IS_A_DIRECTORY : 'is not a regular file';
}

/** The YAML document of a config file as a plain object (empty file: `{}`). */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  const text = readFileSync(path, 'utf8');
  // Blank or comments only: an empty configuration (js-yaml wants a document).
  if (/^(\s*(#.*)?\n?)*$/.test(text)) return {};
  const { load } = await import('js-yaml'); // only when there is a file to read
  let document: unknown;
  try {
    // js-yaml refuses duplicate keys, so a repeated key is an error rather than a silent override.
    document = load(text, { filename: path });
  } catch (error) {
    // Only the parser's reason and position: its full message (and so the error itself, which DEBUG
    // would print as a cause) quotes the offending lines, which may hold a password.
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
    throw new ConfigurationError(`cannot parse ${path}${where}: ${reason ?? 'not valid YAML'}`, {
      hint: 'fix the YAML syntax of that file',
    });
  }
  if (document === null || document === undefined) return {};
  if (!isPlainObject(document)) {
    throw new ConfigurationError(`${path} must hold a YAML mapping (key: value), not a ${describe(document)}`, {
      hint: 'start the file with "storage:" and its settings',
    });
  }
  return document;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  return Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value;
}
