import type { BackendDescriptor } from '../contract/descriptor.js';
import { type RegistrationContainer, registerBackend } from './register.js';

/** The oclif hook event through which backend plugins register their descriptors. */
export const BACKENDS_HOOK = 'infer:backends';

/** What the CLI passes to every plugin's `infer:backends` hook. */
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
 * in its package.json as `"oclif": { "hooks": { "infer:backends": "./dist/hook.js" } }`.
 */
export function defineBackendHook<C>(descriptor: BackendDescriptor<C>) {
  return async function backendsHook(options: BackendsHookOptions): Promise<BackendsHookResult> {
    registerBackend(options.container, descriptor);
    const { type, displayName, migrations } = descriptor;
    return { type, displayName, migrations: migrations === 'none' ? 'none' : migrations.length };
  };
}
