import type { BackendDescriptor } from '../contract/descriptor.js';
import type { RegistrationContainer } from './register.js';
import { TOKENS } from './tokens.js';

/**
 * A container that only collects backend descriptors: what a host that needs nothing else of
 * dependency injection (the CLI) hands to plugin hooks, without loading a DI library at start-up.
 */
export class BackendCollector implements RegistrationContainer {
  readonly #descriptors: BackendDescriptor[] = [];

  register(token: symbol, provider: { useValue: BackendDescriptor }): this {
    if (token === TOKENS.BackendDescriptor) this.#descriptors.push(provider.useValue);
    return this;
  }

  get descriptors(): readonly BackendDescriptor[] {
    return this.#descriptors;
  }
}
