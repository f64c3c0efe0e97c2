import { defineBackendHook } from '@infer/core/kit';
import { memoryBackend } from './descriptor.js';

export default defineBackendHook(memoryBackend);
