import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, CLI_DIR, type Sandbox, sandbox } from '@infer/test-servers/cli';

/**
 * Node's module compile cache (`module.enableCompileCache`) is there from Node 22.8: the Node
 * running the suite when it has it, else INFER_TEST_OTHER_NODE when that one does (CI runs the
 * suite on Node 20 with Node 24 there).
 */
const CACHING_NODE = [process.execPath, process.env.INFER_TEST_OTHER_NODE].find(
  (node) => node !== undefined && hasCompileCache(node),
);

function hasCompileCache(node: string): boolean {
  const probe = "process.stdout.write(String(typeof require('node:module').enableCompileCache))";
  return spawnSync(node, ['-e', probe], { encoding: 'utf8' }).stdout === 'function';
}

/** `infer backends` (it loads oclif, the commands and every backend) under CACHING_NODE. */
function backends(sb: Sandbox, env: NodeJS.ProcessEnv = {}) {
  const child = spawnSync(CACHING_NODE!, [BIN, 'backends'], {
    cwd: sb.cwd,
    env: { ...sb.env, ...env },
    encoding: 'utf8',
    timeout: 100_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => lstatSync(path).isFile())
    .map((path) => relative(dir, path));
}

/** The package's files (its node_modules included, its tests not: they write there) changed since `since`. */
function packageFilesWrittenSince(since: number): string[] {
  return filesUnder(CLI_DIR).filter(
    (path) => !path.startsWith('test/') && lstatSync(join(CLI_DIR, path)).mtimeMs >= since,
  );
}

describe("Node's module compile cache", () => {
  it.runIf(!CACHING_NODE && process.env.CI === 'true')('has a Node of 22.8 or newer on CI', () => {
    expect.fail('run the suite on Node 22.8+ or set INFER_TEST_OTHER_NODE to one (npm install node@24)');
  });

  describe.runIf(CACHING_NODE !== undefined)(`under ${CACHING_NODE}`, () => {
    it('is written in $XDG_CACHE_HOME/infer/compile-cache, never in the package; the output stays the same', () => {
      const sb = sandbox();
      const since = Date.now() - 1000;
      const first = backends(sb);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toBe('');
      expect(filesUnder(join(sb.env.XDG_CACHE_HOME!, 'infer', 'compile-cache')).length).toBeGreaterThan(10);
      expect(packageFilesWrittenSince(since)).toEqual([]);
      expect(backends(sb)).toEqual(first);
    });

    it('is written under ~/.cache when XDG_CACHE_HOME is unset or relative', () => {
      for (const xdgCache of [undefined, 'relative/cache']) {
        const sb = sandbox();
        expect(backends(sb, { XDG_CACHE_HOME: xdgCache }).code).toBe(0);
        expect(filesUnder(join(sb.home, '.cache', 'infer', 'compile-cache')).length).toBeGreaterThan(10);
        expect(filesUnder(sb.cwd)).toEqual([]);
      }
    });

    it('is off with NODE_DISABLE_COMPILE_CACHE=1', () => {
      const sb = sandbox();
      const run = backends(sb, { NODE_DISABLE_COMPILE_CACHE: '1' });
      expect(run.code, run.stderr).toBe(0);
      expect(filesUnder(sb.env.XDG_CACHE_HOME!)).toEqual([]);
    });

    it('that cannot be written is skipped without a word: the command works', () => {
      const sb = sandbox();
      const notADirectory = join(sb.root, 'a-file');
      writeFileSync(notADirectory, '');
      const run = backends(sb, { XDG_CACHE_HOME: notADirectory });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(backends(sandbox()).stdout);
    });
  });
});
