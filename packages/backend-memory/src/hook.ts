import { defineBackendHook } from '@infer/core/kit/plugin';
import { memoryBackend } from './descriptor.js';

export default defineBackendHook(memoryBackend);
