import { defineBackendHook } from '@infer/core/kit/plugin';
import { mariadbBackend } from './descriptor.js';

export default defineBackendHook(mariadbBackend);
