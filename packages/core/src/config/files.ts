import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';

export const CONFIG_DIR = '.infer';
export const CONFIG_FILE = 'config.yaml';

/** Where a configuration came from, for messages ("in ~/.infer/config.yaml"). */
export interface ConfigSource {
  readonly kind: 'flag' | 'project' | 'user' | 'defaults';
  readonly path?: string;
}

export interface LocateOptions {
  readonly cwd?: string;
  readonly homeDir?: string;
  /** An explicit file (`--config`); it must exist. */
  readonly configPath?: string;
}

/** `--config`, else `./.infer/config.yaml`, else `~/.infer/config.yaml`, else defaults. */
export function locateConfig(options: LocateOptions = {}): ConfigSource {
  const cwd = options.cwd ?? process.cwd();
  if (options.configPath !== undefined) {
    const path = resolve(cwd, options.configPath);
    if (!existsSync(path) || !statSync(path).isFile()) {
      throw new ConfigurationError(`config file ${path} does not exist`, {
        hint: 'pass the path of an existing YAML file to --config, or create one with "infer init"',
      });
    }
    return { kind: 'flag', path };
  }
  const project = join(cwd, CONFIG_DIR, CONFIG_FILE);
  if (existsSync(project)) return { kind: 'project', path: project };
  const user = join(options.homeDir ?? homedir(), CONFIG_DIR, CONFIG_FILE);
  if (existsSync(user)) return { kind: 'user', path: user };
  return { kind: 'defaults' };
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
    const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
    // No cause: js-yaml's own message and `mark` quote the lines around the fault, which may hold a
    // password, and a cause is printed under DEBUG. The reason and the position say it all.
    throw new ConfigurationError(`cannot parse ${path}${where}: ${reason ?? 'invalid YAML'}`, { hint: 'fix the YAML syntax of that file' });
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
