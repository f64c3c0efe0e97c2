import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * What the tests of several packages share lives in @infer/test-servers: no file reaches into the
 * test folder of another package by a relative path (an import, a re-export, a dynamic import or a
 * `new URL(…, import.meta.url)` of a fixture), so each package's tests can change on their own.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bnew URL\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

/** The package a path is in: the nearest folder above it with a package.json, the repository root excluded. */
function packageOf(path: string): string | undefined {
  for (let dir = dirname(path); dir.startsWith(ROOT + sep); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return undefined;
}

interface Reach {
  readonly file: string;
  readonly specifier: string;
  /** Whether it points into the test folder of a package other than the file's own. */
  readonly intoOtherTests: boolean;
}

/** Every relative specifier in `text` of `file` (a path under ROOT), and whether it is one of those. */
function reaches(file: string, text: string): Reach[] {
  const own = packageOf(join(ROOT, file));
  return [...text.matchAll(SPECIFIER)].map(([, specifier]) => {
    const target = resolve(ROOT, dirname(file), specifier!);
    const owner = packageOf(target);
    const intoOtherTests = owner !== undefined && owner !== own && relative(owner, target).split(sep)[0] === 'test';
    return { file, specifier: specifier!, intoOtherTests };
  });
}

/** The source files of the repository, as `git` lists them (tracked, or new and not ignored). */
function sourceFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return [...new Set(listed.split('\0'))].filter((file) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(file));
}

describe('the test folders of the packages', () => {
  it('are reached by relative path from their own package only', () => {
    const all = sourceFiles()
      // Not this file: the lines the test below checks the scan with are no imports of its own.
      .filter((file) => existsSync(join(ROOT, file)) && join(ROOT, file) !== import.meta.filename)
      .flatMap((file) => reaches(file, readFileSync(join(ROOT, file), 'utf8')));
    // The scan sees the relative imports of the tests, among them those of test helpers in a package of their own.
    expect(
      all.filter((reach) => /\/test\//.test(reach.file) && reach.specifier.startsWith('./')).length,
    ).toBeGreaterThan(100);
    expect(all.filter((reach) => reach.intoOtherTests).map(({ file, specifier }) => `${file}: ${specifier}`)).toEqual(
      [],
    );
  });

  it("tells a reach into another package from one into the file's own", () => {
    const text = [
      "import { sandbox } from '../../packages/cli/test/helpers.js';",
      "export { SERVER } from '../../../packages/backend-postgres/test/database.js';",
      "const fixture = new URL('../../examples/backend-mariadb/test/fixtures/migrate.mjs', import.meta.url);",
      "await import('../../packages/backend-redis/test/helpers.js');",
      "import { run } from './support/processes.js';",
      "import { BIN } from '../../packages/cli/bin/run.js';",
    ].join('\n');
    expect(reaches('faults/test/races.test.ts', text).map((reach) => reach.intoOtherTests)).toEqual([
      true,
      false, // three levels up from faults/test is above the repository: not a package
      true,
      true,
      false,
      false, // another package, but not its tests
    ]);
    expect(reaches('packages/cli/test/migrate.test.ts', "import { x } from './helpers.js';")[0]!.intoOtherTests).toBe(
      false,
    );
  });
});
