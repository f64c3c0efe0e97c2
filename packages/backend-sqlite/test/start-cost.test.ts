import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteBackend } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';

// What a process loads to open a database with nothing pending, seen from a real process over the
// built package (`pnpm build` runs before the tests): the start-up costs bench/FINDINGS.md measured.
const OPEN_AND_REPORT = `
import { SqliteBackend } from ${JSON.stringify(join(import.meta.dirname, '..', 'dist', 'index.js'))};
import { createRequire } from 'node:module';
const backend = await SqliteBackend.open({ config: { path: process.argv[1] } });
await backend.close();
const loaded = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({
  crypto: process.moduleLoadList.some((name) => name === 'NativeModule crypto'),
  streams: process.moduleLoadList.some((name) => name === 'NativeModule internal/fs/streams'),
  bindings: loaded.some((file) => /[\\\\/]bindings[\\\\/]bindings\\.js$/.test(file)),
  betterSqlite3Files: loaded.some((file) => /[\\\\/]better-sqlite3[\\\\/]lib[\\\\/]/.test(file)),
  addon: loaded.some((file) => /[\\\\/]better_sqlite3\\.node$/.test(file)),
}));
`;

describe('opening a database with nothing pending', () => {
  // No node:crypto: the shipped migrations declare their checksums.
  // No streams: the bundles take node:fs without an ESM namespace.
  // No file of better-sqlite3's JavaScript: the bundle inlines it; its addon is loaded by its path.
  it('loads better-sqlite3 without the bindings package, no node:crypto and no streams', async () => {
    const path = tempDatabasePath();
    await (await SqliteBackend.open({ config: { path } })).close();

    const { NODE_OPTIONS: _, ...env } = process.env; // nothing preloaded into the process measured
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', OPEN_AND_REPORT, path], {
      encoding: 'utf8',
      env,
    });

    expect(JSON.parse(output)).toEqual({
      crypto: false,
      streams: false,
      bindings: false,
      betterSqlite3Files: false,
      addon: true,
    });
  });
});
