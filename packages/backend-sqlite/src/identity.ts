/**
 * Who this backend is, said once for its descriptor, its backend class and its migration driver:
 * the storage type and the name messages use. Its capabilities are core's defaults (DDL rolls back
 * with its transaction), with migrations.
 */
export const sqliteIdentity = Object.freeze({
  type: 'sqlite',
  displayName: 'SQLite',
} as const);
