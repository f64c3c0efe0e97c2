import type { BackendDescriptor } from '../contract/descriptor.js';
import { type RegistrationContainer, registerBackend } from './register.js';

/**
 * Backend plugins declare one oclif hook per storage type they provide, named
 * `infer:backend:<type>`. The CLI learns the installed types from the plugins' manifests without
 * loading anything, and runs only the hook of the type a command needs.
 */
export const BACKEND_HOOK_PREFIX = 'infer:backend:';

/** The oclif hook event of a storage type: `backendHookEvent('sqlite')` is `infer:backend:sqlite`. */
export function backendHookEvent(type: string): string {
  return `${BACKEND_HOOK_PREFIX}${type}`;
}

/** What the CLI passes to a backend hook. */
export interface BackendsHookOptions {
  /** The CLI's container; the plugin's own copy of `@infer/core` registers into it. */
  readonly container: RegistrationContainer;
}

/** What a backend hook returns, for `infer backends`. */
export interface BackendsHookResult {
  readonly type: string;
  readonly displayName: string;
  readonly migrations: number | 'none';
}

/**
 * The whole hook file of a backend plugin: `export default defineBackendHook(myBackend);`, declared
 * in its package.json as `"oclif": { "hooks": { "infer:backend:mytype": "./dist/hook.js" } }`.
 */
export function defineBackendHook<C>(descriptor: BackendDescriptor<C>) {
  return async function backendHook(options: BackendsHookOptions): Promise<BackendsHookResult> {
    registerBackend(options.container, descriptor);
    const { type, displayName, migrations } = descriptor;
    return { type, displayName, migrations: migrations === 'none' ? 'none' : migrations.length };
  };
}
