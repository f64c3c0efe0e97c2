import { defineBackendHook } from '@infer/core/kit/plugin';
import { sqliteBackend } from './descriptor.js';

export default defineBackendHook(sqliteBackend);
