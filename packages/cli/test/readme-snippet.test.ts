import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The first fenced `js` block under a heading of the README. */
function snippetUnder(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error(`no js block under "${heading}" in README.md`);
  return match[1];
}

describe('README', () => {
  it('application snippet runs as written, by hand and with DI', () => {
    // Inside packages/cli so that @infer/core, @infer/backend-sqlite and tsyringe (a dev dependency there) resolve.
    const file = join(root, 'packages/cli/test', `.readme-snippet-${process.pid}.mjs`);
    const dbPath = join(mkdtempSync(join(tmpdir(), 'infer-readme-')), 'app.db');
    writeFileSync(file, snippetUnder('## Using core plus one backend'));
    try {
      const output = execFileSync(process.execPath, [file], { env: { ...process.env, DB_PATH: dbPath }, encoding: 'utf8' });
      expect(output).toBe('[ \'Hello\' ]\n1\n');
    } finally {
      rmSync(file);
    }
  });
});
