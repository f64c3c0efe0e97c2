// The application's composition root: the one module that names a concrete backend. Everything else
// resolves what it needs from the container, so a test or another deployment registers other backends.
import { BackendRegistry, registerBackend } from '@infer/core';
import { sqliteBackend } from '@infer/backend-sqlite';
import { instanceCachingFactory } from 'tsyringe';
import { RecentConversations } from './recent-conversations.js';

/** Token of the storage settings: `{ type, section }`, the type and its section as a config file holds them. */
export const STORAGE_SETTINGS = Symbol('StorageSettings');

/** Registers the backends the application may use, its settings and its services in `container`. */
export function compose(container, settings) {
  registerBackend(container, sqliteBackend);
  container.register(STORAGE_SETTINGS, { useValue: settings });
  // Resolved when first asked for, so it holds every backend registered by then.
  container.register(BackendRegistry, {
    useFactory: instanceCachingFactory((c) => BackendRegistry.fromContainer(c)),
  });
  container.register(RecentConversations, {
    useFactory: (c) => new RecentConversations(c.resolve(BackendRegistry), c.resolve(STORAGE_SETTINGS)),
  });
  return container;
}
