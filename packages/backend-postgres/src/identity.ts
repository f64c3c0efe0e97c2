/**
 * Who this backend is, said once for its descriptor, its backend class and its migration driver:
 * the storage type and the name messages use. Its capabilities are core's defaults (DDL rolls back
 * with its transaction), with migrations.
 */
export const postgresIdentity = Object.freeze({
  type: 'postgres',
  displayName: 'PostgreSQL',
} as const);
