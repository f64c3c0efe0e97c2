import type { BackendDescriptor } from './contract/descriptor.js';
import { TOKENS } from './di/tokens.js';

/** What {@link BackendRegistry.fromContainer} needs of a tsyringe container (any copy of tsyringe). */
export interface ResolvingContainer {
  isRegistered(token: symbol, recursive?: boolean): boolean;
  resolveAll<T>(token: symbol): T[];
}
import { assertCompatible } from './contract/version.js';
import { BackendNotInstalledError, ConfigurationError } from './errors.js';

/**
 * Where configuration finds backends: every installed type up front, a descriptor only when it is
 * needed. {@link BackendRegistry} is one; the CLI's is another, which loads a plugin only for the
 * type a command uses.
 */
export interface BackendSource {
  /** Installed types in alphabetical order. */
  types(): readonly string[];
  /** The descriptor of a type; rejects with `BackendNotInstalledError` naming the installed types. */
  load(type: string): Promise<BackendDescriptor>;
}

/**
 * The installed backends by type: from every descriptor registered in a container
 * (`BackendRegistry.fromContainer(container)`), or by hand: `new BackendRegistry([sqliteBackend])`.
 */
export class BackendRegistry implements BackendSource {
  readonly #byType = new Map<string, BackendDescriptor>();

  constructor(descriptors: readonly BackendDescriptor[] = []) {
    for (const descriptor of descriptors) this.add(descriptor);
  }

  /** Every descriptor registered under `TOKENS.BackendDescriptor`, in this container or its parents. */
  static fromContainer(container: ResolvingContainer): BackendRegistry {
    const token = TOKENS.BackendDescriptor;
    return new BackendRegistry(
      container.isRegistered(token, true) ? container.resolveAll<BackendDescriptor>(token) : [],
    );
  }

  /**
   * Adds a descriptor; a second backend with the same type is a configuration error, and one built
   * for another contract version an `IncompatibleBackendError`.
   */
  add<C>(descriptor: BackendDescriptor<C>): this {
    assertCompatible(descriptor as BackendDescriptor);
    assertOneBackendPerType(this.#byType.get(descriptor.type), descriptor as BackendDescriptor);
    this.#byType.set(descriptor.type, descriptor as BackendDescriptor);
    return this;
  }

  /** The descriptor of a type; throws `BackendNotInstalledError` naming the installed types. */
  get(type: string): BackendDescriptor {
    const descriptor = this.#byType.get(type);
    if (!descriptor) throw new BackendNotInstalledError(type, this.types());
    return descriptor;
  }

  async load(type: string): Promise<BackendDescriptor> {
    return this.get(type);
  }

  has(type: string): boolean {
    return this.#byType.has(type);
  }

  /** Installed types in alphabetical order. */
  types(): string[] {
    return [...this.#byType.keys()].sort();
  }

  all(): BackendDescriptor[] {
    return this.types().map((type) => this.#byType.get(type)!);
  }
}

/**
 * Refuses a second backend for a storage type: `existing` is the one already installed for
 * `descriptor.type`, if any. For a host that checks compatibility itself (the CLI, per plugin).
 */
export function assertOneBackendPerType(existing: BackendDescriptor | undefined, descriptor: BackendDescriptor): void {
  if (existing && existing !== descriptor) {
    throw new ConfigurationError(`two installed backends claim storage type "${descriptor.type}"`, {
      hint: 'uninstall one of them with "infer plugins uninstall <package>"',
    });
  }
}
