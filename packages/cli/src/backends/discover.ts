import {
  BACKEND_HOOK_PREFIX,
  BackendCollector,
  type BackendDescriptor,
  BackendNotInstalledError,
  type BackendSource,
  type BackendsHookResult,
  ErrorCode,
  IncompatibleBackendError,
  InferError,
  assertCompatible,
  assertOneBackendPerType,
  backendHookEvent,
  messageOf,
} from '@infer/core';
import type { Config, Hook } from '@oclif/core';

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

/** What running the hooks of one storage type gave. */
interface TypeDiscovery {
  readonly descriptors: readonly BackendDescriptor[];
  /** Why a plugin's backend was refused for its contract version, if one was. */
  readonly incompatible?: IncompatibleBackendError;
  readonly backends: readonly InstalledBackend[];
  readonly failures: readonly HookFailure[];
}

/** A hook that has not answered by then counts as failed, so a broken plugin cannot hang the CLI. */
const HOOK_TIMEOUT_MS = 10_000;

/**
 * The backends installed as oclif plugins. Each plugin declares one `infer:backend:<type>` hook per
 * storage type it provides, so the installed types are known from the plugins' manifests without
 * loading any of them, and a command loads only the plugin of the type it uses. The container a hook
 * registers into is core's `BackendCollector`: the CLI needs nothing else of dependency injection,
 * so no start loads a DI library (docs/design.md).
 *
 * A failing hook is never thrown: one broken plugin does not take the others down. It is passed
 * to `onFailure` when it matters: listing every backend, or loading a type that another plugin
 * provides; when it leaves the type a command needs without a backend, the command's error says it.
 */
export class PluginBackends implements BackendSource {
  readonly #config: Config;
  readonly #onFailure: (failure: HookFailure) => void;
  readonly #byType = new Map<string, Promise<TypeDiscovery>>();

  constructor(config: Config, onFailure: (failure: HookFailure) => void) {
    this.#config = config;
    this.#onFailure = onFailure;
  }

  types(): string[] {
    const types = new Set<string>();
    for (const plugin of this.#config.plugins.values()) {
      for (const event of Object.keys(plugin.hooks)) {
        if (event.startsWith(BACKEND_HOOK_PREFIX)) types.add(event.slice(BACKEND_HOOK_PREFIX.length));
      }
    }
    return [...types].sort();
  }

  /**
   * The descriptor of an installed type. When its plugin cannot provide it, the error says why in
   * one line (no separate warning); a failure of another plugin of the same type is warned about.
   */
  async load(type: string): Promise<BackendDescriptor> {
    if (!this.types().includes(type)) throw new BackendNotInstalledError(type, this.types());
    const { descriptors, failures, incompatible } = await this.#discover(type);
    if (incompatible) throw incompatible;
    if (descriptors.length === 0) {
      const [first] = failures;
      const why = failures
        .map((failure) => `plugin ${failure.plugin} ${failure.version} failed to register it: ${failure.reason}`)
        .join('; ');
      throw new InferError(ErrorCode.BackendNotInstalled, `storage type "${type}" could not be loaded: ${why}`, {
        hint:
          `reinstall it with "infer plugins install ${first?.plugin ?? '<package>'}", or choose another ` +
          'storage.type ("infer backends" lists them)',
      });
    }
    for (const failure of failures) this.#onFailure(failure);
    // Compatibility was checked per plugin, when its hook ran: a registry would only check it again.
    const [descriptor, ...others] = descriptors as [BackendDescriptor, ...BackendDescriptor[]];
    for (const other of others) assertOneBackendPerType(descriptor, other);
    return descriptor;
  }

  /** Every installed backend, for `infer backends`: runs the hooks of every type. */
  async installed(): Promise<InstalledBackend[]> {
    const discoveries = await Promise.all(this.types().map((type) => this.#discover(type)));
    for (const failure of discoveries.flatMap((discovery) => discovery.failures)) this.#onFailure(failure);
    return discoveries.flatMap((discovery) => discovery.backends);
  }

  #discover(type: string): Promise<TypeDiscovery> {
    let discovery = this.#byType.get(type);
    if (!discovery) {
      discovery = this.#runHooks(type);
      this.#byType.set(type, discovery);
    }
    return discovery;
  }

  async #runHooks(type: string): Promise<TypeDiscovery> {
    const event = backendHookEvent(type);
    const collector = new BackendCollector();
    const result = await this.#config.runHook(event, { container: collector }, HOOK_TIMEOUT_MS, true);
    const failures = result.failures.map(({ plugin, error }) => failureOf(plugin, messageOf(error)));
    const backends: InstalledBackend[] = [];
    let incompatible: IncompatibleBackendError | undefined;
    const registered = collector.descriptors.filter((descriptor) => descriptor.type === type);
    for (const { plugin, result: value } of result.successes) {
      const problem = checkHookResult(value, type);
      if (problem !== undefined) {
        failures.push(failureOf(plugin, `its ${event} hook ${problem}`));
        continue;
      }
      try {
        for (const descriptor of registered) assertCompatible(descriptor, plugin.name);
      } catch (error) {
        if (!(error instanceof IncompatibleBackendError)) throw error;
        incompatible = error;
        failures.push(failureOf(plugin, `${error.message}. Fix: ${error.hint}`));
        continue;
      }
      backends.push({
        ...pick(value as BackendsHookResult),
        package: plugin.name,
        version: plugin.version,
        pluginType: plugin.type,
      });
    }
    // Nothing a failed hook registered is used: without a successful hook, the type has no backend.
    const descriptors = backends.length === 0 ? [] : registered;
    return { descriptors, backends, failures, ...(incompatible && backends.length === 0 ? { incompatible } : {}) };
  }
}

function failureOf(plugin: Hook.Result<unknown>['successes'][number]['plugin'], reason: string): HookFailure {
  return { plugin: plugin.name, version: plugin.version, reason };
}

function pick({ type, displayName, migrations }: BackendsHookResult): BackendsHookResult {
  return { type, displayName, migrations };
}

/** A third-party hook's return value is untrusted input: what is wrong with it, if anything. */
function checkHookResult(value: unknown, type: string): string | undefined {
  if (typeof value !== 'object' || value === null) return 'returned no { type, displayName, migrations }';
  const { type: registered, displayName, migrations } = value as Record<string, unknown>;
  const countOk =
    migrations === 'none' || (typeof migrations === 'number' && Number.isInteger(migrations) && migrations >= 0);
  if (typeof registered !== 'string' || typeof displayName !== 'string' || !countOk)
    return 'returned no { type, displayName, migrations }';
  if (registered !== type) return `registered storage type "${registered}" instead of "${type}"`;
  return undefined;
}
