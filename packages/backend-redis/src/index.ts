export { redisBackend } from './descriptor.js';
export { RedisBackend, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS } from './redis-backend.js';
export { KeySpace, scoreOf } from './keys.js';
export type { RedisConfig } from './config-schema.js';
export type { RedisBackendOptions } from './redis-backend.js';
