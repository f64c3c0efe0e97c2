import { defineBackendHook } from '@infer/core/kit';
import { sqliteBackend } from './descriptor.js';

export default defineBackendHook(sqliteBackend);
