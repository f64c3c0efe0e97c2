import { defineBackendHook } from '@infer/core';
import { memoryBackend } from './descriptor.js';

export default defineBackendHook(memoryBackend);
