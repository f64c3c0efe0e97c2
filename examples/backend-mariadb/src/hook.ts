import { defineBackendHook } from '@infer/core';
import { mariadbBackend } from './descriptor.js';

export default defineBackendHook(mariadbBackend);
