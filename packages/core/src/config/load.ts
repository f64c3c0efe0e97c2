import type { BackendDescriptor } from '../contract/descriptor.js';
import { resolveFromFile, resolveUserPath } from './paths.js';
import type { BackendSource } from '../registry.js';
import { applyEnvOverrides } from './env.js';
import {
  type ConfigSource,
  type LocateOptions,
  describe,
  isPlainObject,
  locateConfig,
  readConfigFile,
} from './files.js';
import { DEFAULT_STORAGE_TYPE } from './defaults.js';
import { type SettingOrigins, settingsIn } from './origins.js';
import { type ValueOrigins, configError, validateWith } from './validate.js';

export { DEFAULT_STORAGE_TYPE };

/** The validated `storage` section, ready to open the backend it names. */
export interface StorageConfig<C = unknown> {
  readonly enabled: boolean;
  readonly type: string;
  /** The backend's own section (`storage.<type>`), validated, defaults filled in. */
  readonly options: C;
  readonly descriptor: BackendDescriptor<C>;
  readonly source: ConfigSource;
  /**
   * `storage.migrations_dir`, absolute: an application's own migrations, in a subdirectory per
   * storage type (`<dir>/sqlite/004_add_tags.up.sql`). Resolved as every path setting (see {@link pathOf}).
   */
  readonly migrationsDir?: string;
  /** Which settings the file and the environment set (see `originOf`). */
  readonly origins: SettingOrigins;
}

export interface LoadConfigOptions extends LocateOptions {
  /**
   * The installed backends (a `BackendRegistry`, or any `BackendSource`): they define which
   * sections exist and how each is checked. Only the descriptors of the sections present are loaded.
   */
  readonly registry: BackendSource;
}

/**
 * Reads the configuration once: the file (see {@link locateConfig}), then `INFER_STORAGE_*`
 * overrides, then defaults, and validates every present section of an installed backend. Keys
 * outside `storage` belong to other parts of the CLI and are left alone; inside it, an unknown key
 * is an error that names its path.
 */
export async function loadStorageConfig(options: LoadConfigOptions): Promise<StorageConfig> {
  const source = locateConfig(options);
  const document = source.path ? await readConfigFile(source.path) : {};
  const fileStorage = document.storage ?? {};
  if (!isPlainObject(fileStorage)) {
    throw configError('storage', `must be a mapping, not a ${describe(fileStorage)}`, { source, overrides: [] });
  }
  const sections = options.registry.types();
  const env = options.env ?? process.env;
  // Variables of a configured type that is not installed are its section's: the user then hears
  // that the type is not installed, not that the variables match nothing.
  const wanted = env.INFER_STORAGE_TYPE ?? fileStorage.type;
  const envSections =
    typeof wanted === 'string' && wanted !== '' && !sections.includes(wanted) ? [...sections, wanted] : sections;
  const { storage, overrides } = await applyEnvOverrides(fileStorage, env, envSections);
  const origins: ValueOrigins = { source, overrides };

  const { enabled, type, migrations_dir, ...rest } = storage;
  const { storageHead } = await import('./head-schema.js'); // valibot, only when configuring
  const head = await validateWith(
    storageHead,
    { enabled, type: type === undefined ? DEFAULT_STORAGE_TYPE : type, migrations_dir },
    'storage',
    origins,
  );
  for (const key of Object.keys(rest)) {
    if (!sections.includes(key) && key !== head.type) {
      const known = ['enabled', 'type', 'migrations_dir', ...sections].join(', ');
      throw configError(`storage.${key}`, `unknown key (known: ${known})`, origins);
    }
  }
  const descriptor = await options.registry.load(head.type);
  for (const key of Object.keys(rest)) {
    if (key !== head.type) await validateSection(await options.registry.load(key), rest[key], origins);
  }
  const backendOptions = await validateSection(descriptor, rest[head.type], origins);
  const migrationsDir =
    head.migrations_dir === undefined
      ? {}
      : { migrationsDir: pathOf(head.migrations_dir, 'storage.migrations_dir', origins) };
  const settingOrigins: SettingOrigins = { overrides, fromFile: settingsIn(fileStorage) };
  return Object.freeze({
    enabled: head.enabled,
    type: head.type,
    options: backendOptions,
    descriptor,
    source,
    ...migrationsDir,
    origins: settingOrigins,
  });
}

/**
 * The one rule for path settings (`storage.migrations_dir`, `storage.sqlite.path`, TLS files...):
 * `~` is the home directory; a relative path is relative to the directory of the configuration file
 * that names it, and to the current directory when an environment variable sets it.
 */
function pathOf(path: string, key: string, origins: ValueOrigins): string {
  const file = origins.overrides.some((override) => override.path === key) ? undefined : origins.source.path;
  return file === undefined ? resolveUserPath(path) : resolveFromFile(path, file);
}

/** Validates a backend's section, its path settings (`BackendDescriptor.settings`) resolved by {@link pathOf}. */
function validateSection<C>(descriptor: BackendDescriptor<C>, section: unknown, origins: ValueOrigins): Promise<C> {
  const base = `storage.${descriptor.type}`;
  const resolved: Record<string, unknown> = isPlainObject(section) ? { ...section } : {};
  for (const { key, path } of descriptor.settings ?? []) {
    const value = resolved[key];
    if (path === undefined || typeof value !== 'string') continue;
    const written = value.trim();
    if (written !== '' && !path.keywords?.includes(written)) resolved[key] = pathOf(written, `${base}.${key}`, origins);
  }
  return validateWith(descriptor.configSchema, isPlainObject(section) ? resolved : (section ?? {}), base, origins);
}
