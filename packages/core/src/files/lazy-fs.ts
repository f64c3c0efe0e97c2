/**
 * `node:fs/promises`, loaded on first use: imported at the top of a bundle it is loaded by every
 * process that imports `@infer/core`, and only reading a migrations directory needs it.
 */
export function fsPromises(): typeof import('node:fs/promises') {
  return process.getBuiltinModule('node:fs/promises');
}
