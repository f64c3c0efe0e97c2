export { memoryBackend } from './descriptor.js';
export { MemoryBackend } from './memory-backend.js';
export type { MemoryConfig } from './config-schema.js';
