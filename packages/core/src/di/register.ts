import type { DependencyContainer } from 'tsyringe';
import type { BackendDescriptor } from '../contract/descriptor.js';
import { TOKENS } from './tokens.js';

/** The part of a tsyringe container that registration needs (any copy of tsyringe has it). */
export type RegistrationContainer = Pick<DependencyContainer, 'register'>;

/**
 * Registers a backend descriptor in a tsyringe container, under {@link TOKENS.BackendDescriptor}.
 * Call it from an application's composition root or from a backend plugin's hook.
 */
export function registerBackend<C>(container: RegistrationContainer, descriptor: BackendDescriptor<C>): void {
  container.register(TOKENS.BackendDescriptor, { useValue: descriptor });
}
