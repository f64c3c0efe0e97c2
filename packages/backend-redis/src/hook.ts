import { defineBackendHook } from '@infer/core/kit/plugin';
import { redisBackend } from './descriptor.js';

export default defineBackendHook(redisBackend);
