import { ConnectionError, type InferError, messageOf } from '@infer/core';

const ABI_MISMATCH = /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/;

/**
 * Node's failure to load better-sqlite3's native addon as one line that says why and how to fix it:
 * an addon built for another Node.js (its ABI, `NODE_MODULE_VERSION`) names the running version and
 * the rebuild command; any other load failure (another platform, a missing file) the same command.
 * `undefined` for errors that are not about loading the addon.
 */
export function addonLoadFailure(error: unknown, packageDir: string | undefined): InferError | undefined {
  const code = (error as { code?: unknown }).code;
  const message = messageOf(error);
  const mismatch = ABI_MISMATCH.exec(message);
  if (!mismatch && code !== 'ERR_DLOPEN_FAILED') return undefined;
  const what = mismatch
    ? `better-sqlite3 was built for another Node.js (NODE_MODULE_VERSION ${mismatch[1]}); this is Node.js ` +
      `${process.version} (NODE_MODULE_VERSION ${mismatch[2]})`
    : `better-sqlite3's native addon cannot be loaded by Node.js ${process.version} on ` +
      `${process.platform}-${process.arch} (${message})`;
  return new ConnectionError(what, { cause: error, hint: rebuildHint(packageDir) });
}

/**
 * Rebuilding in the directory that installed it: pnpm's store layout says which tool did. pnpm's
 * `-r`: at a workspace's root, where better-sqlite3 is a dependency of one of its packages, plain
 * `pnpm rebuild better-sqlite3` finds nothing to rebuild and says nothing.
 */
function rebuildHint(packageDir: string | undefined): string {
  const unified = packageDir?.replaceAll('\\', '/');
  const pnpmAt = unified?.indexOf('/node_modules/.pnpm/') ?? -1;
  const npmAt = unified?.lastIndexOf('/node_modules/') ?? -1;
  const command = pnpmAt >= 0 ? 'pnpm -r rebuild better-sqlite3' : 'npm rebuild better-sqlite3';
  const root = pnpmAt >= 0 ? unified!.slice(0, pnpmAt) : npmAt >= 0 ? unified!.slice(0, npmAt) : undefined;
  const where = root === undefined ? command : `cd "${root || '/'}" && ${command}`;
  return `rebuild it for this Node.js: ${where}, or run infer with the Node.js it was built for`;
}
