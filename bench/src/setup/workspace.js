import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO = resolve(BENCH_ROOT, '..');

/**
 * The bench work dir (bench/.work, recreated on every run, gitignored) and the isolated
 * environment of every measured process: its own HOME and XDG dirs, so that user plugins,
 * config and caches of the person running the bench cannot leak in.
 * `name` makes a workspace of its own under it, for the measures run again by another Node
 * (`node`); `compileCache: false` gives their children a cache directory that cannot be created
 * (XDG_CACHE_HOME is a file), so that the CLI runs without Node's compile cache and without a
 * NODE_* variable.
 */
export function createWorkspace({ name, node = process.execPath, compileCache = true } = {}) {
  const root = name ? join(BENCH_ROOT, '.work', name) : join(BENCH_ROOT, '.work');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const cacheHome = compileCache ? undefined : join(root, 'no-cache-directory');
  if (cacheHome) writeFileSync(cacheHome, '');
  const envOf = (home) => isolatedEnv(home, cacheHome);
  const home = join(root, 'home');
  return {
    root,
    home,
    env: envOf(home),
    /** The environment of a measure that must not see what others link into `home` (cli-status's plugin). */
    isolatedEnv: (measure) => envOf(join(root, `home-${measure}`)),
    benchRoot: BENCH_ROOT,
    repo: REPO,
    cliDir: join(REPO, 'packages', 'cli'),
    childrenDir: join(BENCH_ROOT, 'src', 'children'),
    node,
  };
}

/**
 * The environment with `home` as HOME and XDG dirs under it (created), without INFER_, OCLIF_ or
 * NODE_ settings. NODE_EXTRA_CA_CERTS above all: set on this workplace's machines to the system
 * bundle, it makes every Node process parse ~140 certificates before any JavaScript runs (~40 ms,
 * ~416 M instructions), which would add the same large constant to both sides of every start-up
 * ratio and pull it towards 1 (bench/FINDINGS.md).
 */
function isolatedEnv(home, cacheHome = join(home, '.cache')) {
  const xdg = {
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: cacheHome,
    XDG_CONFIG_HOME: join(home, '.config'),
  };
  for (const dir of [home, xdg.XDG_DATA_HOME, xdg.XDG_CONFIG_HOME]) mkdirSync(dir, { recursive: true });
  if (!existsSync(cacheHome)) mkdirSync(cacheHome, { recursive: true });
  const env = { ...process.env, HOME: home, ...xdg };
  for (const name of Object.keys(env)) {
    if (/^(INFER_|OCLIF_|NODE_|DEBUG$)/.test(name)) delete env[name];
  }
  return Object.freeze(env);
}
