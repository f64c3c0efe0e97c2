import type { BackendDescriptor } from './contract/descriptor.js';
import { TOKENS } from './di/tokens.js';
import { tsyringe } from './di/tsyringe.js';

const { injectAll, injectable } = tsyringe;
import { BackendNotInstalledError, ConfigurationError } from './errors.js';

/**
 * The installed backends by type. Built by the container from every registered descriptor, or by
 * hand: `new BackendRegistry([sqliteBackend])`.
 */
@injectable()
export class BackendRegistry {
  readonly #byType = new Map<string, BackendDescriptor>();

  constructor(@injectAll(TOKENS.BackendDescriptor, { isOptional: true }) descriptors: readonly BackendDescriptor[] = []) {
    for (const descriptor of descriptors ?? []) this.add(descriptor);
  }

  /** Adds a descriptor; a second backend with the same type is a configuration error. */
  add<C>(descriptor: BackendDescriptor<C>): this {
    const existing = this.#byType.get(descriptor.type);
    if (existing && existing !== descriptor) {
      throw new ConfigurationError(`two installed backends claim storage type "${descriptor.type}"`, {
        hint: 'uninstall one of them with "infer plugins uninstall <package>"',
      });
    }
    this.#byType.set(descriptor.type, descriptor as BackendDescriptor);
    return this;
  }

  /** The descriptor of a type; throws `BackendNotInstalledError` naming the installed types. */
  get(type: string): BackendDescriptor {
    const descriptor = this.#byType.get(type);
    if (!descriptor) throw new BackendNotInstalledError(type, this.types());
    return descriptor;
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
