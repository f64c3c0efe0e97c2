import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Sandbox, infer, sandbox } from '@infer/test-servers/cli';

// Preloaded into the CLI: at exit, writes every CommonJS file the process loaded (oclif, semver,
// tsyringe and reflect-metadata are CommonJS, so an ESM `import` of them lands there too).
const RECORD_LOADED = `
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(process.env.LOADED_FILES, JSON.stringify(Object.keys(cache))));
`;

/** The CommonJS files `infer <args>` loaded, as paths. */
function loadedBy(sb: Sandbox, args: readonly string[]): string[] {
  const preload = join(sb.root, 'record-loaded.mjs');
  const out = join(sb.root, 'loaded.json');
  writeFileSync(preload, RECORD_LOADED);
  const result = infer(sb, args, { env: { NODE_OPTIONS: `--import ${preload}`, LOADED_FILES: out } });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

/** What no start of the CLI loads (docs/design.md, "Start-up"), each with the trick that keeps it out. */
const NEVER_LOADED: [RegExp, string][] = [
  [/[\\/]@oclif[\\/]core[\\/]lib[\\/]index\.js$/, "oclif's index: bin/run.js and the commands import its entry points"],
  [/[\\/]node_modules[\\/]semver[\\/]/, 'semver: caretIncludesContract answers the usual contract range'],
  [/[\\/]node_modules[\\/]tsyringe[\\/]/, "tsyringe: the CLI collects descriptors with core's BackendCollector"],
  [/[\\/]node_modules[\\/]reflect-metadata[\\/]/, 'reflect-metadata: only tsyringe needs it'],
];

describe('what a start of the CLI loads', () => {
  it.each([
    ['infer backends (every backend hook)', ['backends']],
    ['infer migrate --status (SQLite)', ['migrate', '--status']],
  ])('%s: not the modules the start-up tricks keep out', (_, args) => {
    const loaded = loadedBy(sandbox(), args);
    expect(loaded.some((file) => /[\\/]@oclif[\\/]core[\\/]/.test(file))).toBe(true);
    for (const [pattern, why] of NEVER_LOADED) {
      expect(
        loaded.filter((file) => pattern.test(file)),
        why,
      ).toEqual([]);
    }
  });
});
