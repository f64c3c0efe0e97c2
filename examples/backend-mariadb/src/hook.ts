import { defineBackendHook } from '@infer/core/kit';
import { mariadbBackend } from './descriptor.js';

export default defineBackendHook(mariadbBackend);
