/**
 * Facts about a backend that callers (the migration engine, the CLI, the conformance suite) act
 * on. Read-only; {@link BaseStorageBackend} supplies the defaults, so a capability added later does
 * not break existing third-party backends.
 */
export interface BackendCapabilities {
  /** DDL runs inside a transaction and rolls back with it (SQLite, PostgreSQL). Default `false`. */
  readonly transactionalDdl: boolean;
  /** Entries can expire after a time to live (Redis). Default `false`. */
  readonly ttl: boolean;
  /** The backend has a versioned schema managed by the migration engine. Default `false`. */
  readonly migrations: boolean;
  /** Data outlives the process (everything but memory). Default `true`. */
  readonly persistent: boolean;
}

export const DEFAULT_CAPABILITIES: BackendCapabilities = Object.freeze({
  transactionalDdl: false,
  ttl: false,
  migrations: false,
  persistent: true,
});
