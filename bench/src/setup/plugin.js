import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMigrations } from '../lib/shapes.js';
import { runInfer } from './cli.js';

/** The backends a bench plugin can re-register under a type of its own, with the generated migrations. */
const BENCH_BACKENDS = {
  sqlite: {
    type: 'bench-sqlite',
    displayName: 'Bench SQLite',
    module: 'backend-sqlite',
    descriptor: 'sqliteBackend',
    shape: {},
  },
  postgres: {
    type: 'bench-postgres',
    displayName: 'Bench PostgreSQL',
    module: 'backend-postgres',
    descriptor: 'postgresBackend',
    shape: { timestamp: 'TIMESTAMPTZ' },
  },
};

/** The config type of the bench plugin for `backend` ('sqlite' or 'postgres'). */
export const benchType = (backend) => BENCH_BACKENDS[backend].type;

/** The package name of the bench plugin for `backend`, as `infer plugins` lists it. */
export const benchPluginName = (backend) => `@infer-bench/backend-${benchType(backend)}`;

const hook = ({ type, displayName, module, descriptor }) => `import { defineBackendHook } from '@infer/core/kit/plugin';
import { ${descriptor} } from '@infer/${module}';
import { migrations } from './migrations.js';

/** ${displayName}: our backend under another type, shipping the bench's generated migrations. */
export const benchBackend = Object.freeze({
  ...${descriptor},
  type: '${type}',
  displayName: '${displayName}',
  migrations,
});

export default defineBackendHook(benchBackend);
`;

/**
 * Writes a tiny backend plugin (as a third party would publish it) whose `infer:backend:<type>` hook
 * registers our SQLite or PostgreSQL backend as type `bench-sqlite` / `bench-postgres` with `count`
 * generated migrations, in `bench/.work/<name>`. Its node_modules link to the workspace packages
 * so that it resolves without an install.
 */
function writeBenchPlugin(ws, { name, count, backend }) {
  const spec = BENCH_BACKENDS[backend];
  const dir = join(ws.root, name);
  mkdirSync(join(dir, 'node_modules', '@infer'), { recursive: true });
  const pjson = {
    name: benchPluginName(backend),
    version: '0.0.0',
    private: true,
    type: 'module',
    keywords: ['infer-backend', 'oclif-plugin'],
    oclif: { hooks: { [`infer:backend:${spec.type}`]: './hook.js' } },
    dependencies: { '@infer/core': 'workspace:*', [`@infer/${spec.module}`]: 'workspace:*' },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pjson, null, 2)}\n`);
  writeFileSync(join(dir, 'hook.js'), hook(spec));
  // Shipped as literal data, the way a real plugin ships its migrations.
  writeFileSync(
    join(dir, 'migrations.js'),
    `export const migrations = Object.freeze(${JSON.stringify(generateMigrations(count, spec.shape), null, 1)});\n`,
  );
  for (const module of ['core', spec.module]) {
    const target = realpathSync(join(ws.benchRoot, 'node_modules', '@infer', module));
    symlinkSync(target, join(dir, 'node_modules', '@infer', module), 'dir');
  }
  return dir;
}

/**
 * Writes the bench plugin `name` (`count` migrations for `backend`) and links it with
 * `infer plugins link` under a HOME of its own (`home-<name>`), so that no other measure's plugin
 * loads beside it. Returns the workspace with that environment.
 */
export function linkBenchPlugin(ws, { name, count, backend = 'sqlite' }) {
  const linked = { ...ws, env: ws.isolatedEnv(name) };
  const dir = writeBenchPlugin(ws, { name, count, backend });
  runInfer(linked, ['plugins', 'link', dir, '--no-install'], `infer plugins link ${name}`);
  return linked;
}
