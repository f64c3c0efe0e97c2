import { type StorageConfig, isCredentialKey, originOf } from '@infer/core';
import { keyLines } from './key-lines.js';

/** Where a shown value came from. `driver`: no credential is configured, and the backend's driver finds one there. */
export type ShownOrigin =
  | { readonly kind: 'file'; readonly file: string; readonly line?: number }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'driver'; readonly source: string }
  | { readonly kind: 'default' };

/** One effective setting. A secret's value is never shown: only whether it is set, and from where. */
export interface ShownSetting {
  readonly key: string;
  readonly secret: boolean;
  readonly set: boolean;
  readonly value?: string | number | boolean;
  readonly from: ShownOrigin;
}

/** Every setting of the `storage` head and of the configured backend's section, with its origin. */
export async function shownSettings(config: StorageConfig): Promise<ShownSetting[]> {
  const lines = config.source.path === undefined ? new Map<string, number>() : await keyLines(config.source.path);
  const originAt = (key: string): ShownOrigin => {
    const origin = originOf(config, key);
    if (origin.kind !== 'file') return origin;
    const line = lines.get(key);
    return line === undefined ? { kind: 'file', file: origin.path } : { kind: 'file', file: origin.path, line };
  };
  const plain = (key: string, value: unknown): ShownSetting => {
    const shown =
      value === undefined || value === null
        ? {}
        : { value: typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean) };
    return { key, secret: false, set: value !== undefined && value !== null, ...shown, from: originAt(key) };
  };
  const options = (config.options ?? {}) as Record<string, unknown>;
  const credentialSet = Object.keys(options).some((key) => isCredentialKey(key) && options[key] !== undefined);
  const driverSource = credentialSet ? undefined : await config.descriptor.ambientCredential?.(config.options);
  // The driver's own password shows as the section's `password`, listed or not (an unset optional key may be absent).
  const entries =
    driverSource === undefined || 'password' in options
      ? Object.entries(options)
      : [...Object.entries(options), ['password', undefined] as const];
  const section = entries.map(([name, value]): ShownSetting => {
    const key = `storage.${config.type}.${name}`;
    if (!isCredentialKey(name)) return plain(key, value);
    if (value !== undefined) return { key, secret: true, set: true, from: originAt(key) };
    return driverSource === undefined
      ? { key, secret: true, set: false, from: originAt(key) }
      : { key, secret: true, set: true, from: { kind: 'driver', source: driverSource } };
  });
  return [
    plain('storage.enabled', config.enabled),
    plain('storage.type', config.type),
    plain('storage.migrations_dir', config.migrationsDir),
    ...section,
  ];
}

/** `/w/.infer/config.yaml:4`, `INFER_STORAGE_POSTGRES_HOST`, `default`. */
export function originText(origin: ShownOrigin): string {
  switch (origin.kind) {
    case 'file':
      return origin.line === undefined ? origin.file : `${origin.file}:${origin.line}`;
    case 'env':
      return origin.variable;
    case 'driver':
      return origin.source;
    case 'default':
      return 'default';
  }
}

/** A value as shown: a secret as `(set, from …)`, never its text. */
export function valueText(setting: ShownSetting): string {
  if (setting.secret) return setting.set ? `(set, from ${originText(setting.from)})` : '(not set)';
  return setting.value === undefined ? '(not set)' : String(setting.value);
}
