// Bundles each package's tsc output (build/) into dist/, so that a start loads a handful of files
// instead of every small module (docs/design.md, "Start-up"). Each package is bundled alone with its
// dependencies external, so module identity across packages is what it was; dynamic imports stay
// lazy as chunks; tsc writes the declarations to dist/ itself. tsc's incremental output stays in
// build/, which is why the bundle cannot be written in place. No source maps, here or from tsc: a
// published map must point at files in its tarball, and the bundles inline dependencies whose
// sources are not ours to ship (packages/cli/test/packed-packages.test.ts checks it).
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';
import { builtinsWithoutNamespaces } from './builtins-plugin.mjs';

const ENTRIES = [
  'index.js',
  'hook.js',
  'testing/index.js',
  'testing/children/hook-child.js',
  'testing/children/backend-child.js',
  'sql/index.js',
  'kit/index.js',
  'kit/config.js',
];
// Dependencies compiled into our bundles, tree-shaken, because they load faster that way than from
// their own packages' many files (dbgate-query-splitter only into the lazily loaded sql chunk). They
// stay in `dependencies` because the declarations refer to their types. Everything else stays external.
const INLINED = new Set(['valibot', 'js-yaml', 'dbgate-query-splitter']);
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
    (d) => !INLINED.has(d),
  );
  const external = (id) => id.startsWith('node:') || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
  const output = join(dir, 'dist');
  // The previous bundle, and any source map (tsc leaves those of an earlier build in place).
  for (const file of existsSync(output) ? readdirSync(output, { recursive: true }) : []) {
    if (/\.(js|map)$/.test(file)) rmSync(join(output, file));
  }
  // One build per entry: a start loads one entry and the chunks of its own dynamic imports, never
  // chunks that exist only because two entries share code (each costs an ESM module load).
  for (const entry of entries) {
    await build({
      input: { [entry.replace(/\.js$/, '')]: join(input, entry) },
      external,
      platform: 'node',
      logLevel: 'warn',
      // A descriptor imports its backend lazily, the package index statically: both are meant.
      checks: { ineffectiveDynamicImport: false },
      plugins: [builtinsWithoutNamespaces()],
      output: {
        dir: output,
        format: 'esm',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    });
  }
}
