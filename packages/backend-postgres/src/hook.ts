import { defineBackendHook } from '@infer/core';
import { postgresBackend } from './descriptor.js';

export default defineBackendHook(postgresBackend);
