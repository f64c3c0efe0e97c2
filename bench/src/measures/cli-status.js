import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectDatabase } from '../lib/ledger.js';
import { tableName } from '../lib/shapes.js';
import { writeFloorCli } from '../setup/floor.js';
import { BENCH_TYPE, writeBenchPlugin } from '../setup/plugin.js';

export const STATUS_MIGRATIONS = 200;

function mustRun(ws, argv, what) {
  const [command, ...args] = argv;
  const child = spawnSync(command, args, { cwd: ws.root, env: ws.env, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${what} failed (exit ${child.status}): ${child.stderr || child.stdout}`);
  return child.stdout;
}

/**
 * Measure 1: `infer migrate --status` on a database with 200 migrations applied, against a bare
 * oclif CLI with the same plugins (the bench plugin included) whose only command does nothing.
 */
export function cliStatusMeasure(ws) {
  const infer = [ws.node, join(ws.cliDir, 'bin', 'run.js')];
  const pluginDir = writeBenchPlugin(ws, STATUS_MIGRATIONS);
  mustRun(ws, [...infer, 'plugins', 'link', pluginDir, '--no-install'], 'infer plugins link');
  const floorDir = writeFloorCli(ws);
  // The floor must load the same user plugins as the real CLI (same dirname, same XDG_DATA_HOME).
  const floorPlugins = mustRun(ws, [ws.node, join(floorDir, 'bin', 'run.js'), 'plugins'], 'floor plugins');
  if (!floorPlugins.includes('@infer-bench/backend-bench-sqlite')) throw new Error(`setup: the floor does not load the bench plugin:\n${floorPlugins}`);

  const database = join(ws.root, 'status.db');
  const config = join(ws.root, 'config.yaml');
  writeFileSync(config, `storage:\n  type: ${BENCH_TYPE}\n  ${BENCH_TYPE}:\n    path: ${JSON.stringify(database)}\n`);
  mustRun(ws, [...infer, 'migrate', '--config', config], 'infer migrate (setup)');
  const seeded = expectDatabase(database, { ledgerRows: STATUS_MIGRATIONS, benchTables: STATUS_MIGRATIONS });
  if (seeded) throw new Error(`setup: ${seeded}`);

  const last = tableName(STATUS_MIGRATIONS);
  return {
    id: 'cli-status',
    title: `\`infer migrate --status\`, ${STATUS_MIGRATIONS} migrations applied`,
    floorTitle: 'bare oclif CLI, same plugins, `noop` command',
    target: 1.15,
    a: {
      label: 'infer migrate --status',
      command: () => ({ argv: [...infer, 'migrate', '--status', '--config', config], cwd: ws.root, env: ws.env }),
      verify(run) {
        // Every generated migration listed as applied, none pending, and the database untouched.
        const listed = run.stdout.split('\n').filter((line) => /bench table t_\d{4}/.test(line));
        if (listed.length !== STATUS_MIGRATIONS) return `status lists ${listed.length} bench migrations, expected ${STATUS_MIGRATIONS}`;
        if (!listed.every((line) => /applied/i.test(line))) return 'status reports a bench migration that is not applied';
        if (!listed.at(-1).includes(last)) return `status does not end with ${last}`;
        return expectDatabase(database, { ledgerRows: STATUS_MIGRATIONS, benchTables: STATUS_MIGRATIONS });
      },
    },
    b: {
      label: 'floor noop',
      command: () => ({ argv: [ws.node, join(floorDir, 'bin', 'run.js'), 'noop'], cwd: ws.root, env: ws.env }),
      verify: (run) => (run.stdout.trim() === '' ? undefined : `noop printed ${JSON.stringify(run.stdout.slice(0, 200))}`),
    },
  };
}
