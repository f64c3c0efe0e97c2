import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO = resolve(BENCH_ROOT, '..');

/**
 * The bench work dir (bench/.work, recreated on every run, gitignored) and the isolated
 * environment of every measured process: its own HOME and XDG dirs, so that user plugins,
 * config and caches of the person running the bench cannot leak in. Every process runs on the
 * Node running the bench (`node`): another line is another run (bench/run-on-node.sh).
 */
export function createWorkspace() {
  const root = join(BENCH_ROOT, '.work');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const home = join(root, 'home');
  return {
    root,
    home,
    env: isolatedEnv(home),
    /** The environment of a measure that must not see what others link into `home` (cli-status's plugin). */
    isolatedEnv: (measure) => isolatedEnv(join(root, `home-${measure}`)),
    benchRoot: BENCH_ROOT,
    repo: REPO,
    cliDir: join(REPO, 'packages', 'cli'),
    childrenDir: join(BENCH_ROOT, 'src', 'children'),
    node: process.execPath,
  };
}

/**
 * The environment with `home` as HOME and XDG dirs under it (created), without INFER_, OCLIF_ or
 * NODE_ settings. NODE_EXTRA_CA_CERTS above all: set on this workplace's machines to the system
 * bundle, it makes every Node process parse ~140 certificates before any JavaScript runs (~40 ms,
 * ~416 M instructions), which would add the same large constant to both sides of every start-up
 * ratio and pull it towards 1 (bench/FINDINGS.md).
 */
function isolatedEnv(home) {
  const xdg = {
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_CONFIG_HOME: join(home, '.config'),
  };
  for (const dir of [home, ...Object.values(xdg)]) mkdirSync(dir, { recursive: true });
  const env = { ...process.env, HOME: home, ...xdg };
  for (const name of Object.keys(env)) {
    if (/^(INFER_|OCLIF_|NODE_|DEBUG$)/.test(name)) delete env[name];
  }
  return Object.freeze(env);
}
