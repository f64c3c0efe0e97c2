import type { BackendDescriptor } from '../contract/descriptor.js';
import { TOKENS } from './tokens.js';

/**
 * What registration needs of a container: a tsyringe `DependencyContainer` (any copy of tsyringe)
 * has it, and so does the CLI's {@link BackendCollector}.
 */
export interface RegistrationContainer {
  register(token: symbol, provider: { useValue: BackendDescriptor }): unknown;
}

/**
 * Registers a backend descriptor in a container, under {@link TOKENS.BackendDescriptor} (many
 * registrations under one token). Call it from an application's composition root or from a
 * backend plugin's hook.
 */
export function registerBackend<C>(container: RegistrationContainer, descriptor: BackendDescriptor<C>): void {
  container.register(TOKENS.BackendDescriptor, { useValue: descriptor as BackendDescriptor });
}
