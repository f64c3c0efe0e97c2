import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Sandbox, infer, sandbox } from '@infer/test-servers/cli';

// Module hooks of the recording preload: every ES module the process loads, appended to a file as
// it loads (the hooks run on a thread of their own, so they write rather than hold a list).
const RECORD_MODULES = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LOADED_MODULES, url + '\\n');
  return next(url, context);
}
`;

// Preloaded into the CLI: registers the hooks above and, at exit, writes every CommonJS file the
// process loaded (better-sqlite3 and fast-levenshtein are CommonJS, taken with \`require\`).
const RECORD_LOADED = (hooks: string) => `
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(hooks)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(process.env.LOADED_FILES, JSON.stringify(Object.keys(cache))));
`;

/** The files `infer <args>` loaded, ES modules and CommonJS, as paths or URLs. */
function loadedBy(sb: Sandbox, args: readonly string[]): string[] {
  const hooks = join(sb.root, 'record-modules.mjs');
  const preload = join(sb.root, 'record-loaded.mjs');
  const files = join(sb.root, 'loaded.json');
  const modules = join(sb.root, 'loaded-modules.txt');
  writeFileSync(hooks, RECORD_MODULES);
  writeFileSync(preload, RECORD_LOADED(pathToFileURL(hooks).href));
  writeFileSync(modules, '');
  const env = { NODE_OPTIONS: `--import ${preload}`, LOADED_FILES: files, LOADED_MODULES: modules };
  const result = infer(sb, args, { env });
  expect(result.code, result.stderr).toBe(0);
  const esm = readFileSync(modules, 'utf8').split('\n').filter(Boolean);
  return [...esm, ...(JSON.parse(readFileSync(files, 'utf8')) as string[])];
}

/** What no start of the CLI loads (docs/design.md, "Start-up"), each with the trick that keeps it out. */
const NEVER_LOADED: [RegExp, string][] = [
  [/[\\/]node_modules[\\/]@oclif[\\/]core[\\/]/, "@oclif/core's files: the build inlines oclif into one chunk"],
  [/[\\/]node_modules[\\/]semver[\\/]/, 'semver: caretIncludesContract answers the usual contract range'],
  [/[\\/]node_modules[\\/]tsyringe[\\/]/, "tsyringe: the CLI collects descriptors with core's BackendCollector"],
  [/[\\/]node_modules[\\/]reflect-metadata[\\/]/, 'reflect-metadata: only tsyringe needs it'],
  [/[\\/]node_modules[\\/]string-width[\\/]/, 'string-width: loaded on the first text that is not printable ASCII'],
  [/[\\/]node_modules[\\/]fast-levenshtein[\\/]/, 'fast-levenshtein: loaded on the first suggestion'],
  [/[\\/]node_modules[\\/]yaml[\\/]/, 'yaml: only `infer config show` reads a document with its positions'],
];

describe('what a start of the CLI loads', () => {
  it.each([
    ['infer backends (every backend hook)', ['backends']],
    ['infer migrate --status (SQLite)', ['migrate', '--status']],
  ])('%s: not the modules the start-up tricks keep out', (_, args) => {
    const loaded = loadedBy(sandbox(), args);
    expect(loaded.some((file) => /[\\/]cli[\\/]dist[\\/]chunks[\\/]oclif-[^\\/]+\.js$/.test(file))).toBe(true);
    for (const [pattern, why] of NEVER_LOADED) {
      expect(
        loaded.filter((file) => pattern.test(file)),
        why,
      ).toEqual([]);
    }
  });
});
