import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, vi } from 'vitest';

/** packages/cli, the CLI of this repository: the `infer` the tests run is its bin/run.js. */
export const CLI_DIR = fileURLToPath(new URL('../../../cli/', import.meta.url));
export const BIN = join(CLI_DIR, 'bin', 'run.js');

/** A temporary HOME and working directory; removed after the test file. */
export interface Sandbox {
  readonly root: string;
  readonly home: string;
  readonly cwd: string;
  /** The default SQLite database of this HOME: ~/.infer/conversations.db. */
  readonly defaultDb: string;
  readonly env: NodeJS.ProcessEnv;
}

// Every test spawns the CLI several times; on a loaded two-core machine one spawn can take seconds.
vi.setConfig({ testTimeout: 120_000 });

const sandboxes: string[] = [];
afterAll(() => {
  for (const root of sandboxes) rmSync(root, { recursive: true, force: true });
});

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'infer-cli-test-'));
  sandboxes.push(root);
  const home = join(root, 'home');
  const cwd = join(root, 'work');
  const xdg = {
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
  for (const dir of [home, cwd, ...Object.values(xdg)]) mkdirSync(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...xdg, OCLIF_SKIP_NEW_VERSION_CHECK: 'true' };
  for (const name of Object.keys(env)) {
    if (/^(INFER_|DEBUG$|NO_COLOR$|FORCE_COLOR$|NODE_OPTIONS$|NODE_ENV$)/.test(name)) delete env[name];
  }
  return { root, home, cwd, defaultDb: join(home, '.infer', 'conversations.db'), env };
}

/**
 * Every file and directory under `root`, relative to it and sorted: what "created nothing" is checked
 * against. Node's compile cache, which the CLI keeps in `.cache/infer/compile-cache` from Node 22.1 on
 * (bin/run.js), is left out: it holds the code the CLI loaded, not something a command made.
 */
export function listing(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((name) => relative(root, join(root, name)))
    .filter((path) => !/(^|\/)\.cache\/infer(\/compile-cache(\/.*)?)?$/.test(path))
    .sort();
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** RLIMIT_FSIZE of the child (`ulimit -f`, in KiB): writes past it fail as on a full disk. */
  readonly fileSizeLimitKb?: number;
  /** The umask of the child (`umask 022`), to see the modes of the files it creates. */
  readonly umask?: string;
}

/** Runs the real `infer` binary. */
export function infer(sb: Sandbox, args: readonly string[], options: RunOptions = {}): RunResult {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? sb.cwd,
    env: { ...sb.env, ...options.env },
    encoding: 'utf8',
    timeout: 100_000,
  };
  const command = [process.execPath, BIN, ...args];
  const shell = [
    ...(options.fileSizeLimitKb === undefined ? [] : [`ulimit -f ${options.fileSizeLimitKb}`]),
    ...(options.umask === undefined ? [] : [`umask ${options.umask}`]),
  ];
  const wrapped =
    shell.length === 0 ? command : ['/bin/sh', '-c', `${shell.join(' && ')} && exec "$@"`, 'sh', ...command];
  const child = spawnSync(wrapped[0]!, wrapped.slice(1), spawnOptions);
  if (child.error) throw child.error;
  return { code: child.status, stdout: String(child.stdout), stderr: String(child.stderr) };
}

/** Runs the real `infer` binary and expects it to succeed without a word on stderr. */
export function inferQuietly(sb: Sandbox, args: readonly string[], options: RunOptions = {}): RunResult {
  const result = infer(sb, args, options);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

/** Asserts the one-line error contract: a single `Error:` line, no stack frames, the exit code. */
export function expectOneLineError(result: RunResult, exitCode: number, ...fragments: (string | RegExp)[]): void {
  const stderr = result.stderr.trim();
  expect(stderr, `stderr: ${result.stderr}`).toMatch(/^Error: /);
  expect(stderr).not.toContain('\n');
  expect(stderr).not.toMatch(/ {4}at /);
  for (const fragment of fragments) expect(stderr).toMatch(fragment);
  expect(result.code, `stderr: ${result.stderr}`).toBe(exitCode);
}

export function writeConfig(sb: Sandbox, yaml: string, path = join(sb.cwd, '.infer', 'config.yaml')): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, yaml);
  return path;
}

/** sha256 of a database file and of its -wal and -shm companions (`null` when absent). */
export function snapshot(db: string): Record<string, string | null> {
  const hashOf = (path: string) =>
    existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
  return { db: hashOf(db), wal: hashOf(`${db}-wal`), shm: hashOf(`${db}-shm`), journal: hashOf(`${db}-journal`) };
}
