import { defineBackendHook } from '@infer/core/kit/plugin';
import { postgresBackend } from './descriptor.js';

export default defineBackendHook(postgresBackend);
