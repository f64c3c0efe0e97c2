/**
 * Who this backend is, said once for its descriptor, its backend class and its migration driver:
 * the storage type, the name messages use and the backend contract range it is tested against. Its
 * capabilities are core's defaults (DDL rolls back with its transaction), with migrations.
 */
export const sqliteIdentity = Object.freeze({
  type: 'sqlite',
  displayName: 'SQLite',
  contract: '^1.1.0',
} as const);
