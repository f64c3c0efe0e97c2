import type { BackendDescriptor } from './descriptor.js';

/**
 * Facts about a backend that callers (the migration engine, the CLI, the shared test suite) act
 * on. A backend declares the ones that differ from {@link DEFAULT_CAPABILITIES} once, and
 * {@link capabilitiesOf} fills the rest, so a capability added later does not break existing
 * third-party backends.
 */
export interface BackendCapabilities {
  /**
   * DDL runs inside a transaction and rolls back with it (SQLite, PostgreSQL). Default `true`, as
   * most SQL databases do; `false` for those that commit DDL at once (MySQL, MariaDB), whose failed
   * migrations then say that their schema changes stay. Meaningless without `migrations`.
   */
  readonly transactionalDdl: boolean;
  /** Entries can expire after a time to live (Redis). Default `false`. */
  readonly ttl: boolean;
  /** The backend has a versioned schema managed by the migration engine. Default `false`. */
  readonly migrations: boolean;
  /** Data outlives the process (everything but memory). Default `true`. */
  readonly persistent: boolean;
  /** `list({ after })` pages by the last id of the previous page (contract 1.3). Default `false`. */
  readonly keysetPagination: boolean;
}

export const DEFAULT_CAPABILITIES: BackendCapabilities = Object.freeze({
  transactionalDdl: true,
  ttl: false,
  migrations: false,
  persistent: true,
  keysetPagination: false,
});

/** Every capability of a backend: what it declares, over {@link DEFAULT_CAPABILITIES}. */
export function capabilitiesOf(declared: Partial<BackendCapabilities> = {}): BackendCapabilities {
  return Object.freeze({ ...DEFAULT_CAPABILITIES, ...declared });
}

/** A descriptor's capabilities: what it declares over the defaults, `migrations` following from its migrations. */
export function descriptorCapabilities(
  descriptor: Pick<BackendDescriptor, 'capabilities' | 'migrations'>,
): BackendCapabilities {
  return capabilitiesOf({ ...descriptor.capabilities, migrations: descriptor.migrations !== 'none' });
}
