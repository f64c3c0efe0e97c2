import { defineBackendHook } from '@infer/core';
import { redisBackend } from './descriptor.js';

export default defineBackendHook(redisBackend);
