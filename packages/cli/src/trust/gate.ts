import { type StorageConfig, UntrustedConfigError, isCredentialKey, isLocationKey, originOf } from '@infer/core';
import { describeLocation } from '../conversations/location.js';
import { TrustStore } from './store.js';

/** What an unapproved project file would make infer do that the user did not ask for. */
export interface TrustConcern {
  readonly file: string;
  /**
   * `credential`: send a password from elsewhere to a server the file names; `migrations`: run its migrations
   * against a store it does not name.
   */
  readonly kind: 'credential' | 'migrations';
  /** Where that password comes from (`INFER_STORAGE_POSTGRES_PASSWORD`, `PGPASSWORD`, `~/.pgpass`...). */
  readonly credentialFrom?: string;
}

/**
 * Refuses a configuration file found by the lookup in the current directory (a repository the user
 * cloned) when, without the user's approval (`infer config trust`), it would send a password that
 * is not its own to a server it names, or run its `migrations_dir` against a store it does not
 * name. Files passed with --config or INFER_CONFIG, and the user's own, are the user's choice.
 */
export async function assertTrusted(
  config: StorageConfig,
  use: ConfigUse = {},
  store = new TrustStore(),
): Promise<void> {
  const concern = await trustConcern(config, use);
  if (concern === undefined) return;
  const state = store.stateOf(concern.file);
  if (state === 'approved') return;
  const what =
    concern.kind === 'credential'
      ? `would send the password from ${concern.credentialFrom} to ${describeLocation(config)}`
      : `would run the migrations of its migrations_dir against ${describeLocation(config)}, a store it does not name`;
  const why = state === 'changed' ? 'it changed since you approved it' : 'you have not approved it';
  throw new UntrustedConfigError(`${concern.file} (found in the current directory) ${what}, and ${why}`, {
    file: concern.file,
    hint: `check that file, then run "infer config trust ${concern.file}", or pass it with --config`,
  });
}

/** What a command does with a configuration, as far as approval goes. */
export interface ConfigUse {
  /**
   * Runs the migrations of `migrations_dir` against the store (`migrate`, `down`, `repair`, `baseline`, `init`);
   * default false.
   */
  readonly runsProjectMigrations?: boolean;
}

/** Whether a project file needs approval to be used as loaded, and why; `undefined` when it does not. */
export async function trustConcern(config: StorageConfig, use: ConfigUse = {}): Promise<TrustConcern | undefined> {
  const file = config.source.path;
  if (config.source.kind !== 'project' || file === undefined) return undefined;
  const options = (config.options ?? {}) as Record<string, unknown>;
  const originKind = (key: string) => originOf(config, `storage.${config.type}.${key}`).kind;
  const location = Object.keys(options).filter(isLocationKey);
  const namedByFile = location.some((key) => originKind(key) === 'file');
  const credentialFrom = namedByFile ? await externalCredential(config, options) : undefined;
  if (namedByFile && credentialFrom !== undefined) return { file, kind: 'credential', credentialFrom };
  const namesStore = namedByFile && !location.some((key) => originKind(key) === 'env');
  if (use.runsProjectMigrations && originOf(config, 'storage.migrations_dir').kind === 'file' && !namesStore)
    return { file, kind: 'migrations' };
  return undefined;
}

/**
 * Where the credential a connection would send comes from, when not from the file: the variable
 * that set a credential key, or (none set) the driver's own source (see `ambientCredential`).
 */
async function externalCredential(
  config: StorageConfig,
  options: Record<string, unknown>,
): Promise<string | undefined> {
  const credentials = Object.keys(options).filter((key) => isCredentialKey(key) && options[key] !== undefined);
  for (const key of credentials) {
    const origin = originOf(config, `storage.${config.type}.${key}`);
    if (origin.kind === 'env') return origin.variable;
  }
  if (credentials.length > 0) return undefined;
  return config.descriptor.ambientCredential?.(config.options);
}
