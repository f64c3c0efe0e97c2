import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mustRun } from './cli.js';

const NOOP = `import { Command } from '@oclif/core/command';

export default class Noop extends Command {
  static description = 'Does nothing: the floor of every command';

  async run() {}
}
`;

// The least a PostgreSQL status does (lib/pg-ledger.js), as a command of the same bare CLI: the
// floor of our own work on top of oclif and pg (pg-cli-status).
const LEDGER = `import { Command } from '@oclif/core/command';
import { printPgLedger } from '${pathToFileURL(join(import.meta.dirname, '..', 'lib', 'pg-ledger.js'))}';

export default class Ledger extends Command {
  static description = 'Connects with pg, reads schema_migrations of the database named, prints it';
  static strict = false;

  async run() {
    await printPgLedger(this.argv[0]);
  }
}
`;

/**
 * Writes the floor of the CLI measures: a bare oclif CLI with the real CLI's bin, dirname and core
 * plugins (the very same copies, linked from packages/cli/node_modules), a \`noop\` command and a
 * \`ledger\` command (the pg floor run inside the CLI), then generates its oclif.manifest.json with
 * \`oclif manifest\`, as the real build does. With the same dirname and environment it also loads
 * the same linked user plugins. Written once per run.
 */
function writeFloorCli(ws) {
  const cliPjson = JSON.parse(readFileSync(join(ws.cliDir, 'package.json'), 'utf8'));
  const plugins = cliPjson.oclif.plugins ?? [];
  const dir = join(ws.root, 'floor');
  if (existsSync(join(dir, 'oclif.manifest.json'))) return dir;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'commands'), { recursive: true });
  const dependencies = Object.fromEntries(
    ['@oclif/core', ...plugins].map((name) => [name, cliPjson.dependencies[name] ?? '*']),
  );
  const pjson = {
    name: 'infer-floor',
    version: '0.0.0',
    private: true,
    type: 'module',
    files: ['bin', 'commands', 'oclif.manifest.json'],
    bin: { [cliPjson.oclif.bin]: './bin/run.js' },
    oclif: {
      bin: cliPjson.oclif.bin,
      dirname: cliPjson.oclif.dirname,
      commands: './commands',
      topicSeparator: cliPjson.oclif.topicSeparator,
      plugins,
    },
    dependencies,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pjson, null, 2)}\n`);
  // The real bin itself (oclif's entry points rather than its index, auto-transpiling of linked
  // plugins off, Node's compile cache): the floor starts exactly as the CLI does.
  copyFileSync(join(ws.cliDir, 'bin', 'run.js'), join(dir, 'bin', 'run.js'));
  writeFileSync(join(dir, 'commands', 'noop.js'), NOOP);
  writeFileSync(join(dir, 'commands', 'ledger.js'), LEDGER);
  for (const name of Object.keys(dependencies)) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(realpathSync(join(ws.cliDir, 'node_modules', name)), link, 'dir');
  }
  const oclif = join(ws.benchRoot, 'node_modules', '.bin', 'oclif');
  execFileSync(oclif, ['manifest'], {
    cwd: dir,
    env: { ...ws.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
    stdio: 'pipe',
  });
  if (!existsSync(join(dir, 'oclif.manifest.json')))
    throw new Error(`oclif manifest wrote no ${dir}/oclif.manifest.json`);
  return dir;
}

/**
 * The floor CLI's argv (written on first use), after checking that under `ws.env` it loads the
 * bench plugin `pluginName` as the real CLI does (same dirname, same XDG_DATA_HOME).
 */
export function floorArgv(ws, pluginName) {
  const argv = [ws.node, join(writeFloorCli(ws), 'bin', 'run.js')];
  const plugins = mustRun(ws, [...argv, 'plugins'], 'floor plugins');
  if (!plugins.includes(pluginName))
    throw new Error(`setup: the floor does not load the bench plugin ${pluginName}:\n${plugins}`);
  return argv;
}
