import { ConfigurationError } from '../errors.js';
import { isPlainObject } from './files.js';

const PREFIX = 'INFER_STORAGE_';

/** An applied override: the key path it set and the variable that set it. */
export interface EnvOverride {
  readonly path: string;
  readonly variable: string;
}

/**
 * Applies `INFER_STORAGE_*` variables to a raw `storage` section, as earlier releases did: the key
 * path upper-cased with dots as underscores (`INFER_STORAGE_SQLITE_PATH` sets `storage.sqlite.path`,
 * `INFER_STORAGE_POSTGRES_SSL_MODE` sets `storage.postgres.ssl_mode`). Values read as YAML scalars,
 * so `5432` is a number and `true` a boolean, the same as in the file.
 */
export async function applyEnvOverrides(
  storage: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  sections: readonly string[],
): Promise<{ storage: Record<string, unknown>; overrides: EnvOverride[] }> {
  const result: Record<string, unknown> = { ...storage };
  const overrides: EnvOverride[] = [];
  const variables = Object.keys(env)
    .filter((name) => name.startsWith(PREFIX))
    .sort();
  if (variables.length === 0) return { storage: result, overrides };
  const { load } = await import('js-yaml');
  const bySpecificity = [...sections].sort((a, b) => b.length - a.length);
  for (const variable of variables) {
    const value = scalar(env[variable] ?? '', load);
    const rest = variable.slice(PREFIX.length).toLowerCase();
    if (rest === 'enabled' || rest === 'type' || rest === 'migrations_dir') {
      result[rest] = value;
      overrides.push({ path: `storage.${rest}`, variable });
      continue;
    }
    const section = bySpecificity.find((name) => rest.startsWith(`${name.toLowerCase()}_`));
    if (!section) {
      throw new ConfigurationError(`environment variable ${variable} matches no storage setting`, {
        hint:
          'unset it, or use INFER_STORAGE_TYPE, INFER_STORAGE_ENABLED, INFER_STORAGE_MIGRATIONS_DIR or ' +
          `INFER_STORAGE_<${sections.join('|').toUpperCase()}>_<KEY>`,
      });
    }
    const key = rest.slice(section.length + 1);
    const current = result[section];
    result[section] = { ...(isPlainObject(current) ? current : {}), [key]: value };
    overrides.push({ path: `storage.${section}.${key}`, variable });
  }
  return { storage: result, overrides };
}

/**
 * A YAML scalar, except where that would lose characters: a number whose text does not read back
 * the same (`0042`, `1e3`, `1_000`) stays text, so a password or an id survives as typed.
 */
function scalar(text: string, load: (text: string) => unknown): unknown {
  let value: unknown;
  try {
    value = load(text);
  } catch {
    return text;
  }
  if (value === null || typeof value === 'object') return text;
  if (typeof value === 'number' && String(value) !== text.trim()) return text;
  return value;
}
