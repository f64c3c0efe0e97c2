import { createRequire } from 'node:module';

/**
 * tsyringe and its Reflect polyfill, loaded through `require`. Both are CommonJS: imported as ESM,
 * Node scans every file of theirs for named exports first, which cost about 100 ms of every CLI
 * start on the reference machine; `require` skips that scan. The polyfill must load first.
 */
const require = createRequire(import.meta.url);
require('reflect-metadata');

export const tsyringe = require('tsyringe') as typeof import('tsyringe');
