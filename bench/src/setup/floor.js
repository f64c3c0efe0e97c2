import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
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
// floor of a status that must load pg and read the ledger (pg-status, pg-cli-status).
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
 * The bins of the two floor CLIs. `default`: what `oclif generate` writes for an ESM CLI, so the floor is what
 * any oclif CLI costs out of the box. `tuned`: oclif's entry points rather than its index, auto-transpiling of
 * linked plugins off and Node's compile cache where Node has `module.enableCompileCache` (22.8+), as our own bin
 * (packages/cli/bin/run.js) started up to issue 17: a copy of its text, so that no floor changes when our bin does.
 */
const BINS = {
  default: `#!/usr/bin/env node

import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
`,
  tuned: `#!/usr/bin/env node
import module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

if (module.enableCompileCache) {
  const xdgCache = process.env.XDG_CACHE_HOME;
  const cacheHome = xdgCache && isAbsolute(xdgCache) ? xdgCache : join(homedir(), '.cache');
  module.enableCompileCache(join(cacheHome, 'infer', 'compile-cache'));
}

const { execute } = await import('@oclif/core/execute');
const { settings } = await import('@oclif/core/settings');

settings.enableAutoTranspile = false;

await execute({ dir: import.meta.url });
`,
};

/** Where `name` resolves from `dir`'s node_modules, links resolved (pnpm's store). */
const installed = (dir, name) => realpathSync(join(dir, 'node_modules', name));

/**
 * Writes the floor CLI `kind` (a key of BINS) of the CLI measures into bench/.work/floor-<kind>: a bare oclif CLI
 * with the real CLI's dirname and plugins (the very same copies, linked from packages/cli/node_modules; @oclif/core
 * the bench's own, pinned to the CLI's version, which may bundle it), a `noop` command and a `ledger` command
 * (the pg read run inside the CLI), then generates its oclif.manifest.json with `oclif manifest`, as the real
 * build does. With the same dirname and environment it also loads the same linked user plugins. Written once per
 * run.
 */
function writeFloorCli(ws, kind) {
  const cliPjson = JSON.parse(readFileSync(join(ws.cliDir, 'package.json'), 'utf8'));
  const benchPjson = JSON.parse(readFileSync(join(ws.benchRoot, 'package.json'), 'utf8'));
  const plugins = cliPjson.oclif.plugins ?? [];
  const dir = join(ws.root, `floor-${kind}`);
  if (existsSync(join(dir, 'oclif.manifest.json'))) return dir;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'commands'), { recursive: true });
  const dependencies = {
    '@oclif/core': benchPjson.dependencies['@oclif/core'],
    ...Object.fromEntries(plugins.map((name) => [name, cliPjson.dependencies[name] ?? '*'])),
  };
  const pjson = {
    name: `infer-floor-${kind}`,
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
  writeFileSync(join(dir, 'bin', 'run.js'), BINS[kind]);
  writeFileSync(join(dir, 'commands', 'noop.js'), NOOP);
  writeFileSync(join(dir, 'commands', 'ledger.js'), LEDGER);
  for (const name of Object.keys(dependencies)) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(installed(name === '@oclif/core' ? ws.benchRoot : ws.cliDir, name), link, 'dir');
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
 * The argv of the floor CLI `kind` ('default' or 'tuned', see BINS; written on first use), after checking that
 * under `ws.env` it loads the bench plugin `pluginName` as the real CLI does (same dirname, same XDG_DATA_HOME);
 * without `pluginName`, that it loads no user plugin.
 */
export function floorArgv(ws, kind, pluginName) {
  const argv = [ws.node, join(writeFloorCli(ws, kind), 'bin', 'run.js')];
  const plugins = mustRun(ws, [...argv, 'plugins'], `floor (${kind}) plugins`);
  const loads = pluginName ? plugins.includes(pluginName) : /No plugins installed/.test(plugins);
  if (!loads) throw new Error(`setup: the ${kind} floor does not load ${pluginName ?? 'no user plugin'}:\n${plugins}`);
  return argv;
}
