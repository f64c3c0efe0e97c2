import type { StandardIssue, StandardSchemaV1 } from '../contract/standard-schema.js';
import { ConfigurationError } from '../errors.js';
import type { ConfigSource } from './files.js';
import type { EnvOverride } from './env.js';

/** Where to say a bad value came from: the variable that set it, else the file, else defaults. */
export interface ValueOrigins {
  readonly source: ConfigSource;
  readonly overrides: readonly EnvOverride[];
}

/** Validates `value` at `basePath` with any Standard Schema; the first issue becomes a `ConfigurationError`. */
export async function validateWith<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
  basePath: string,
  origins: ValueOrigins,
): Promise<T> {
  const result = await schema['~standard'].validate(value);
  if (!result.issues) return result.value;
  const issue = result.issues[0]!;
  const path = [basePath, ...keysOf(issue)].join('.');
  throw configError(path, issue.message, origins);
}

export function configError(path: string, problem: string, origins: ValueOrigins): ConfigurationError {
  const override = origins.overrides.find((o) => path === o.path || path.startsWith(`${o.path}.`));
  const where = override ? ` (set by ${override.variable})` : origins.source.path ? ` (in ${origins.source.path})` : '';
  const fix = override
    ? `correct or unset ${override.variable}`
    : origins.source.path
      ? `correct it in ${origins.source.path}`
      : 'set a valid value';
  return new ConfigurationError(`${path}: ${problem}${where}`, { path, hint: fix });
}

/** The keys of an issue's path: `['port']` for `storage.mariadb.port`. */
export function keysOf(issue: StandardIssue): string[] {
  return (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment));
}
