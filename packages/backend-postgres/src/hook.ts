import { defineBackendHook } from '@infer/core/kit';
import { postgresBackend } from './descriptor.js';

export default defineBackendHook(postgresBackend);
