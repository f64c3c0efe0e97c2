// Bundles each package's tsc output (build/) into dist/, so that a start loads a handful of files
// instead of every small module (docs/design.md, "Start-up"). Each package is bundled alone with its
// dependencies external (but for the ones named below, and the command line's framework), so module
// identity across packages is what it was; the licences of what is inlined go to
// dist/THIRD-PARTY-NOTICES.md; dynamic imports stay lazy as chunks; tsc writes the declarations to
// dist/ itself. tsc's incremental output stays in
// build/, which is why the bundle cannot be written in place. No source maps, here or from tsc: a
// published map must point at files in its tarball, and the bundles inline dependencies whose
// sources are not ours to ship (packages/cli/test/packed-packages.test.ts checks it).
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { builtinsWithoutNamespaces } from './builtins-plugin.mjs';
import { inlinedPackages, writeNotices } from './notices.mjs';
import { oclifStartupPatches } from './oclif-patches.mjs';

const ENTRIES = [
  'index.js',
  'hook.js',
  'testing/index.js',
  'testing/children/hook-child.js',
  'testing/children/backend-child.js',
  'sql/index.js',
  'kit/index.js',
  'kit/config.js',
  'kit/plugin.js',
];
// Dependencies compiled into our bundles, tree-shaken, because they load faster that way than from
// their own packages' many files (dbgate-query-splitter only into the lazily loaded sql chunk). They
// stay in `dependencies` because the declarations refer to their types. Everything else stays external.
const INLINED = new Set(['valibot', 'js-yaml', 'dbgate-query-splitter']);
// better-sqlite3's JavaScript too, into the SQLite backend: one chunk instead of fifteen files
// required one by one. Its addon stays where its install put it (native-addon.ts hands over its path).
const INLINED_INTO = { 'backend-sqlite': new Set(['better-sqlite3']) };
// Left out of the command line's bundle: yaml, which it imports lazily, and what oclif looks for at
// run time inside a try (a TypeScript runtime for linked plugins, Yarn's PnP API).
const COMMAND_LINE_EXTERNAL = ['yaml', 'typescript', 'ts-node', 'tsx', 'pnpapi'];
const packages = join(import.meta.dirname, '..', 'packages');

for (const name of readdirSync(packages)) {
  const dir = join(packages, name);
  const input = join(dir, 'build');
  if (!existsSync(input)) continue;
  const commands = existsSync(join(input, 'commands'))
    ? readdirSync(join(input, 'commands'), { recursive: true })
        .filter((f) => f.endsWith('.js'))
        .map((f) => `commands/${f}`)
    : [];
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // And every other module a package exports from dist/ (the private test helpers, one per role).
  const exported = Object.values(manifest.exports ?? {})
    .map((target) => /^\.\/dist\/(.+\.js)$/.exec(target?.default ?? '')?.[1])
    .filter((entry) => entry !== undefined);
  const entries = [
    ...new Set([...ENTRIES.filter((entry) => existsSync(join(input, entry))), ...exported, ...commands]),
  ];
  const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter(
    (d) => !INLINED.has(d) && !INLINED_INTO[name]?.has(d),
  );
  const external = (id) => id.startsWith('node:') || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
  const output = join(dir, 'dist');
  // The previous bundle, and any source map (tsc leaves those of an earlier build in place).
  for (const file of existsSync(output) ? readdirSync(output, { recursive: true }) : []) {
    if (/\.(js|map)$/.test(file)) rmSync(join(output, file));
  }
  const builds = manifest.oclif?.commands
    ? [await bundleCommandLine(input, output, entries, manifest)]
    : await sequentially(entries, (entry) => bundleEntry(input, output, entry, external));
  const modules = builds.flatMap(({ output: chunks }) => chunks.flatMap((chunk) => chunk.moduleIds ?? []));
  writeNotices(output, inlinedPackages(modules));
}

/**
 * One build per entry: a start loads one entry and the chunks of its own dynamic imports, never
 * chunks that exist only because two entries share code (each costs an ESM module load).
 */
async function bundleEntry(input, output, entry, external) {
  return build({
    input: { [entry.replace(/\.js$/, '')]: join(input, entry) },
    external,
    platform: 'node',
    logLevel: 'warn',
    // A descriptor imports its backend lazily, the package index statically: both are meant.
    checks: { ineffectiveDynamicImport: false },
    plugins: [builtinsWithoutNamespaces()],
    output: { dir: output, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
  });
}

/**
 * The command line is bundled with its framework: @oclif/core and every module it loads are inlined,
 * into one chunk that the entry (main.js), the hook and every command share, so that a start reads
 * one file of oclif instead of some 120 (bench/FINDINGS.md). Our modules used by several commands
 * share a second chunk. The workspace packages stay external (the backends are plugins, and core's
 * module identity is shared with them), as do modules the CLI imports lazily (yaml) and oclif's
 * optional lookups of a TypeScript runtime or Yarn's PnP, which a user's install may or may not hold.
 */
async function bundleCommandLine(input, output, entries, manifest) {
  const workspace = Object.keys(manifest.dependencies).filter((d) => d.startsWith('@infer/'));
  const kept = [...workspace, ...COMMAND_LINE_EXTERNAL];
  return build({
    input: Object.fromEntries(['main.js', ...entries].map((entry) => [entry.replace(/\.js$/, ''), join(input, entry)])),
    external: (id) => id.startsWith('node:') || kept.some((d) => id === d || id.startsWith(`${d}/`)),
    platform: 'node',
    logLevel: 'warn',
    plugins: [oclifStartupPatches(), builtinsWithoutNamespaces()],
    output: {
      dir: output,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      codeSplitting: {
        groups: [
          { name: 'oclif', test: /[\\/]node_modules[\\/]|rolldown/ },
          { name: 'shared', minShareCount: 2 },
        ],
      },
    },
  });
}

/** `build` of each item in turn: the entries of one package write into one dist/. */
async function sequentially(items, build) {
  const results = [];
  for (const item of items) results.push(await build(item));
  return results;
}
