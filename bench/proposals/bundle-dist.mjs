// PROPOSAL, not wired in (see ../FINDINGS.md): bundle each package's tsc output in place, so that a
// start-up loads a handful of ESM files instead of ~50. Run after `tsc -b` and before `oclif
// manifest`:  "build": "tsc -b && node scripts/bundle-dist.mjs && pnpm --filter @infer/cli run manifest"
// Needs rolldown as a root devDependency (1.3.3 is already in the lockfile through vite 8).
// Each package is bundled alone with its dependencies external, so module identity across packages
// (and a user plugin's own copy of core) is unchanged; dynamic imports stay lazy as chunks;
// .d.ts files stay as tsc wrote them. Measured gains are in ../FINDINGS.md.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'rolldown';

const root = process.argv[2] ?? process.cwd();
const ENTRIES = ['index.js', 'hook.js', 'testing/index.js'];

for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const dist = join(dir, 'dist');
  if (!existsSync(dist)) continue;
  const commands = existsSync(join(dist, 'commands'))
    ? readdirSync(join(dist, 'commands'), { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => `commands/${f}`)
    : [];
  const entries = [...ENTRIES.filter((entry) => existsSync(join(dist, entry))), ...commands];
  if (entries.length === 0) continue;
  const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const dependencies = Object.keys({ ...pjson.dependencies, ...pjson.peerDependencies, ...pjson.optionalDependencies });
  const external = (id) => id.startsWith('node:') || dependencies.some((d) => id === d || id.startsWith(`${d}/`));
  const out = join(dir, 'dist-bundle');
  await build({
    input: Object.fromEntries(entries.map((entry) => [entry.replace(/\.js$/, ''), join(dist, entry)])),
    external,
    platform: 'node',
    logLevel: 'warn',
    output: { dir: out, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
  });
  // Keep the declarations: move them over, then swap the directories.
  for (const file of readdirSync(dist, { recursive: true })) {
    if (!/\.d\.ts(\.map)?$/.test(file)) continue;
    mkdirSync(dirname(join(out, file)), { recursive: true });
    renameSync(join(dist, file), join(out, file));
  }
  rmSync(dist, { recursive: true });
  renameSync(out, dist);
}
