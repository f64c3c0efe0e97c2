export { memoryBackend } from './descriptor.js';
export { MemoryBackend } from './memory-backend.js';
export type { MemoryConfig, MemoryConfigInput } from './config-schema.js';
export type { MemoryBackendOptions } from './memory-backend.js';
export { memoryIdentity } from './identity.js';
