import { BACKENDS_HOOK, BackendCollector, BackendRegistry, type BackendsHookResult, type RegistrationContainer, messageOf } from '@infer/core';
import type { Config, Hook, Interfaces } from '@oclif/core';

/** The `infer:backends` event as oclif's typed `runHook` sees it. */
type BackendHooks = Interfaces.Hooks & {
  [BACKENDS_HOOK]: { options: { container: RegistrationContainer }; return: BackendsHookResult };
};

/** A backend a plugin registered, as `infer backends` lists it. */
export interface InstalledBackend extends BackendsHookResult {
  readonly package: string;
  readonly version: string;
  /** How oclif found the plugin: `core` (bundled), `user` (installed), `link` (linked). */
  readonly pluginType: string;
}

/** A plugin whose hook failed: it registered nothing, and the CLI goes on without it. */
export interface HookFailure {
  readonly plugin: string;
  readonly version: string;
  readonly reason: string;
}

export interface Discovery {
  readonly registry: BackendRegistry;
  readonly backends: readonly InstalledBackend[];
  readonly failures: readonly HookFailure[];
}

/** A hook that has not answered by then counts as failed, so a broken plugin cannot hang the CLI. */
const HOOK_TIMEOUT_MS = 10_000;

/**
 * Runs every plugin's `infer:backends` hook with a fresh container; each hook registers its
 * descriptor there with its own copy of core's `registerBackend`. The container is core's
 * `BackendCollector`: the CLI needs nothing else of dependency injection, and loading tsyringe
 * would cost every start about 30 ms. Failures are returned (and passed
 * to `onFailure` first, so that they are reported even if building the registry then throws),
 * never thrown: one broken plugin does not take the others down.
 */
export async function discoverBackends(config: Config, onFailure: (failure: HookFailure) => void): Promise<Discovery> {
  const collector = new BackendCollector();
  const result = await config.runHook<typeof BACKENDS_HOOK, BackendHooks>(
    BACKENDS_HOOK,
    { container: collector },
    HOOK_TIMEOUT_MS,
    true,
  );
  const failures = result.failures.map(({ plugin, error }) => failureOf(plugin, messageOf(error)));
  const backends: InstalledBackend[] = [];
  for (const { plugin, result: value } of result.successes) {
    if (isHookResult(value)) {
      backends.push({ ...pick(value), package: plugin.name, version: plugin.version, pluginType: plugin.type });
    } else {
      failures.push(failureOf(plugin, 'its infer:backends hook returned no { type, displayName, migrations }'));
    }
  }
  for (const failure of failures) onFailure(failure);
  return { registry: new BackendRegistry(collector.descriptors), backends, failures };
}

function failureOf(plugin: Hook.Result<unknown>['successes'][number]['plugin'], reason: string): HookFailure {
  return { plugin: plugin.name, version: plugin.version, reason };
}

function pick({ type, displayName, migrations }: BackendsHookResult): BackendsHookResult {
  return { type, displayName, migrations };
}

/** A third-party hook's return value is untrusted input. */
function isHookResult(value: unknown): value is BackendsHookResult {
  if (typeof value !== 'object' || value === null) return false;
  const { type, displayName, migrations } = value as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    typeof displayName === 'string' &&
    (migrations === 'none' || (typeof migrations === 'number' && Number.isInteger(migrations) && migrations >= 0))
  );
}
