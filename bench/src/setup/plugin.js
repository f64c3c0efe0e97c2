import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMigrations } from '../lib/shapes.js';

export const BENCH_TYPE = 'bench-sqlite';

const HOOK = `import { defineBackendHook } from '@infer/core';
import { sqliteBackend } from '@infer/backend-sqlite';
import { migrations } from './migrations.js';

/** The SQLite backend under another type, shipping the bench's generated migrations. */
export const benchSqliteBackend = Object.freeze({
  ...sqliteBackend,
  type: '${BENCH_TYPE}',
  displayName: 'Bench SQLite',
  migrations,
});

export default defineBackendHook(benchSqliteBackend);
`;

/**
 * Writes a tiny backend plugin (as a third party would publish it) whose \`infer:backend:bench-sqlite\` hook
 * registers the SQLite backend as type \`bench-sqlite\` with \`count\` generated migrations, in
 * \`bench/.work/<name>\`. Its node_modules link to the workspace packages so that it resolves without an install.
 */
export function writeBenchPlugin(ws, count, name = 'plugin') {
  const dir = join(ws.root, name);
  mkdirSync(join(dir, 'node_modules', '@infer'), { recursive: true });
  const pjson = {
    name: '@infer-bench/backend-bench-sqlite',
    version: '0.0.0',
    private: true,
    type: 'module',
    keywords: ['infer-backend', 'oclif-plugin'],
    oclif: { hooks: { [`infer:backend:${BENCH_TYPE}`]: './hook.js' } },
    dependencies: { '@infer/core': 'workspace:*', '@infer/backend-sqlite': 'workspace:*' },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pjson, null, 2)}\n`);
  writeFileSync(join(dir, 'hook.js'), HOOK);
  // Shipped as literal data, the way a real plugin ships its migrations.
  writeFileSync(join(dir, 'migrations.js'), `export const migrations = Object.freeze(${JSON.stringify(generateMigrations(count), null, 1)});\n`);
  for (const name of ['core', 'backend-sqlite']) {
    const target = realpathSync(join(ws.benchRoot, 'node_modules', '@infer', name));
    symlinkSync(target, join(dir, 'node_modules', '@infer', name), 'dir');
  }
  return dir;
}
