export { freePort } from './free-port.js';
export { ThrowawayPostgres } from './postgres.js';
export type { ShutdownMode, ThrowawayPostgresOptions } from './postgres.js';
export { ThrowawayRedis } from './redis.js';
