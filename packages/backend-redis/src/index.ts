export { redisBackend } from './descriptor.js';
export { RedisBackend } from './redis-backend.js';
export { KeySpace, scoreOf } from './keys.js';
export type { Layout } from './keys.js';
export { BUCKET_TAGS, ClusterKeySpace, fnv1a } from './cluster-keys.js';
export { parseRedisConfig, redisConfigSchema } from './config-schema.js';
export type { RedisConfig, RedisConfigInput } from './config-schema.js';
export type { RedisBackendOptions } from './redis-backend.js';
export { redisIdentity } from './identity.js';
