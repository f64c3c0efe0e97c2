import { defineBackendHook } from '@infer/core/kit';
import { redisBackend } from './descriptor.js';

export default defineBackendHook(redisBackend);
