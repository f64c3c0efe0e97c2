import { defineBackendHook } from '@infer/core';
import { sqliteBackend } from './descriptor.js';

export default defineBackendHook(sqliteBackend);
