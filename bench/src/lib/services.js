/**
 * The machine's servers (docs/services.md: PostgreSQL with trust auth, Redis without auth),
 * where the pg-apply, pg-status and storage-ops measures work in throw-away databases and key
 * prefixes of their own. BENCH_POSTGRES_HOST/PORT/USER and BENCH_REDIS_HOST/PORT point elsewhere.
 * No password: the bench never reads, passes or prints one.
 */
export const POSTGRES = Object.freeze({
  host: process.env.BENCH_POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_POSTGRES_PORT ?? 5432),
  user: process.env.BENCH_POSTGRES_USER ?? 'postgres',
});

/**
 * Our PostgreSQL backend's config section for `database` on that server: no password (trust) and
 * `ssl_mode: disable` (the shared server has no TLS, and the floors connect in plain text too).
 */
export function backendPostgresConfig(database) {
  return { host: POSTGRES.host, port: POSTGRES.port, username: POSTGRES.user, database, ssl_mode: 'disable' };
}

export const REDIS = Object.freeze({
  host: process.env.BENCH_REDIS_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_REDIS_PORT ?? 6379),
});

/** A name no other run uses: `<kind>_<pid>_<random>` (a valid unquoted PostgreSQL identifier). */
export function uniqueName(kind) {
  return `${kind}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}
