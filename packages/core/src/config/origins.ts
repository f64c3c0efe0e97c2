import type { EnvOverride } from './env.js';
import { isPlainObject } from './files.js';

/** Which settings of a loaded configuration came from where. */
export interface SettingOrigins {
  /** The `INFER_STORAGE_*` variables applied, each with the key path it set. */
  readonly overrides: readonly EnvOverride[];
  /** The key paths the file itself sets under `storage` (`storage.type`, `storage.postgres.host`). */
  readonly fromFile: readonly string[];
}

/** Where one effective value came from: a variable (which wins over the file), the file, or a default. */
export type SettingOrigin =
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'default' };

/** The origin of the value at `path` (`storage.postgres.password`) of a configuration loaded from `file`. */
export function originOf(
  config: { readonly origins: SettingOrigins; readonly source: { readonly path?: string } },
  path: string,
): SettingOrigin {
  const override = config.origins.overrides.find((o) => o.path === path);
  if (override) return { kind: 'env', variable: override.variable };
  if (config.source.path !== undefined && config.origins.fromFile.includes(path))
    return { kind: 'file', path: config.source.path };
  return { kind: 'default' };
}

/** The key paths set in a file's `storage` section: its own keys, and those of each backend section. */
export function settingsIn(storage: Record<string, unknown>): string[] {
  return Object.entries(storage).flatMap(([key, value]) => [
    `storage.${key}`,
    ...(isPlainObject(value) ? Object.keys(value).map((inner) => `storage.${key}.${inner}`) : []),
  ]);
}
