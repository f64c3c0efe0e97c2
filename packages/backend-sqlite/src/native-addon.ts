import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { addonLoadFailure } from './addon-errors.js';

const require = createRequire(import.meta.url);

/**
 * Where better-sqlite3's install puts its addon, prebuilt or compiled: handed to it as
 * `nativeBinding`, it skips the `bindings` package, which reads the call stack and probes a dozen
 * directories on every start. Anywhere else, `bindings` finds it as before.
 */
function addonPath(): string | undefined {
  const dir = packageDir(); // undefined: a layout require.resolve does not know; `bindings` looks for it
  const path = dir === undefined ? undefined : join(dir, 'build', 'Release', 'better_sqlite3.node');
  return path !== undefined && existsSync(path) ? path : undefined;
}

let addon: { readonly path: string | undefined } | undefined;

/**
 * A better-sqlite3 connection, its addon looked for once per process. An addon that does not load
 * (built for another Node.js) fails with a `ConnectionError` naming the rebuild command.
 */
export function openDatabase(path: string, options: BetterSqlite3.Options = {}): BetterSqlite3.Database {
  addon ??= { path: addonPath() };
  try {
    if (addon.path !== undefined) return new BetterSqlite3(path, { ...options, nativeBinding: addon.path });
    // Its own copy, whose `bindings` looks for the addon from better-sqlite3's directory: the bundle
    // inlines better-sqlite3's JavaScript (one file instead of fifteen), so that copy would look from ours.
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    return new Database(path, options);
  } catch (error) {
    throw addonLoadFailure(error, packageDir()) ?? error;
  }
}

function packageDir(): string | undefined {
  try {
    return dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    return undefined;
  }
}
