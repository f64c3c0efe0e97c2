import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandIdOrder, isCorePlugin } from '../../../scripts/oclif-patches.mjs';

// The build inlines @oclif/core into the CLI's bundle with two changes (scripts/oclif-patches.mjs),
// each meant to answer exactly as the code it replaces, for less work at every start.

const oclifRequire = createRequire(createRequire(import.meta.url).resolve('@oclif/core/package.json'));
const { minimatch } = oclifRequire('minimatch') as { minimatch: (name: string, pattern: string) => boolean };
const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'oclif.manifest.json'), 'utf8'));
const pjson = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));

/** Every string of up to `length` characters of `alphabet`, the empty one included. */
function words(alphabet: string, length: number): string[] {
  let level = [''];
  const all = [''];
  for (let i = 0; i < length; i++) {
    level = level.flatMap((word) => [...alphabet].map((c) => word + c));
    all.push(...level);
  }
  return all;
}

describe('the oclif bundled into the CLI', () => {
  it('orders command ids as localeCompare does, ours and ids of other characters alike', () => {
    const ids = [...Object.keys(manifest.commands), ...words('az:-', 3), ...words('aZ_9é', 2)];
    for (const a of ids) {
      for (const b of ids) expect(Math.sign(commandIdOrder(a, b)), `${a} / ${b}`).toBe(Math.sign(a.localeCompare(b)));
    }
  });

  it('finds the core plugins among the dependencies as minimatch does, globs included', () => {
    const names = [...Object.keys(pjson.dependencies), '@oclif/plugin-x', 'plugin-help', '@infer/other', 'a(b)'];
    const patterns = [...pjson.oclif.plugins, '@oclif/plugin-*', '@infer/{backend-sqlite,cli}', '!@infer/core'];
    patterns.push('@infer/backend-?edis', 'a(b)', '+(a)', '[ab]', '#comment', 'a\\(b)');
    for (const name of names) {
      for (const pattern of patterns)
        expect(isCorePlugin(name, pattern, minimatch), `${name} / ${pattern}`).toBe(minimatch(name, pattern));
    }
  });

  it('is built with both changes in the one chunk every start loads', () => {
    const chunks = join(import.meta.dirname, '..', 'dist', 'chunks');
    const oclif = readdirSync(chunks).filter((file) => /^oclif-.+\.js$/.test(file));
    expect(oclif).toHaveLength(1);
    const code = readFileSync(join(chunks, oclif[0]!), 'utf8');
    // As the bundler reprints them: the functions above, called where oclif's code was.
    expect(code).toMatch(/\(function commandIdOrder\(a, b\) \{[\s\S]*?\}\)\(a\.id, b\.id\)/);
    expect(code).toMatch(
      /\(function isCorePlugin\(name, pattern, minimatch\) \{[\s\S]*?\}\)\(p, w, minimatch_1\.minimatch\)/,
    );
    expect(code).not.toContain('a.id.localeCompare(b.id)');
    expect(code).not.toContain('patterns.some((w) => (0, minimatch_1.minimatch)(p, w))');
  });
});
