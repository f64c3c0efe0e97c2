import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The first fenced `js` block under a heading of a README (the repository's by default). */
function snippetUnder(heading: string, readmePath = 'README.md'): string {
  const readme = readFileSync(join(root, readmePath), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no js block under "${heading}" in ${readmePath}`);
  return match[1];
}

/**
 * Runs a snippet as a module inside packages/cli, where @infer/core, the backends and tsyringe (a dev dependency
 * there) resolve.
 */
function run(snippet: string, env: NodeJS.ProcessEnv = {}): string {
  const file = join(root, 'packages/cli/test', `.readme-snippet-${process.pid}.mjs`);
  writeFileSync(file, snippet);
  try {
    return execFileSync(process.execPath, [file], { env: { ...process.env, ...env }, encoding: 'utf8' });
  } finally {
    rmSync(file);
  }
}

describe('README snippets run as written', () => {
  it('the application snippet of README.md, by hand and with DI', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'infer-readme-')), 'app.db');
    expect(run(snippetUnder('## Using core plus one backend'), { DB_PATH: dbPath })).toBe("[ 'Hello' ]\n1\n");
  });

  it('the smallest use of @infer/core and of @infer/backend-memory', () => {
    expect(run(snippetUnder('## The smallest use', 'packages/core/README.md'))).toBe("[ 'Hello' ]\n");
    expect(run(snippetUnder('## The smallest use', 'packages/backend-memory/README.md'))).toBe('Hello\n');
  });

  it('the smallest use of @infer/backend-sqlite', () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'infer-readme-')), 'smallest.db');
    expect(run(snippetUnder('## The smallest use', 'packages/backend-sqlite/README.md'), { DB_PATH: dbPath })).toBe(
      'Hello\n',
    );
  });
});
