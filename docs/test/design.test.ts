// The directions of dependency docs/design.md states: cli -> core <- backends, as the manifests and
// the source files say them.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BACKENDS = [
  'packages/backend-sqlite',
  'packages/backend-postgres',
  'packages/backend-redis',
  'packages/backend-memory',
  'examples/backend-mariadb',
];

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function manifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
}

/** The packages a manifest needs at run time. */
function runtimeDependencies(dir: string): string[] {
  const { dependencies, peerDependencies, optionalDependencies } = manifest(dir);
  return Object.keys({ ...dependencies, ...peerDependencies, ...optionalDependencies });
}

/** Every package a source file of `dir/src` imports (static or dynamic), with the file. */
function importsOf(dir: string): { file: string; specifier: string }[] {
  const src = join(ROOT, dir, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js|mjs)$/.test(file))
    .flatMap((file) => {
      const text = readFileSync(join(src, file), 'utf8');
      return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^'.][^']*)'/g)].map((m) => ({
        file: relative(ROOT, join(src, file)),
        specifier: m[1]!,
      }));
    });
}

const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('the direction of dependencies (docs/design.md)', () => {
  it('core needs no other package of this repository', () => {
    expect(runtimeDependencies('packages/core').filter((name) => name.startsWith('@infer/'))).toEqual([]);
    const ours = importsOf('packages/core').filter(({ specifier }) => packageOf(specifier) !== '@infer/core');
    expect(ours.filter(({ specifier }) => specifier.startsWith('@infer/'))).toEqual([]);
  });

  it.each(BACKENDS)('%s depends on core, and on no other package of this repository', (dir) => {
    expect(runtimeDependencies(dir).filter((name) => name.startsWith('@infer/'))).toEqual(['@infer/core']);
    expect(importsOf(dir).filter(({ specifier }) => packageOf(specifier) === '@infer/cli')).toEqual([]);
  });

  it('the CLI imports core, never a backend module', () => {
    const imported = importsOf('packages/cli').filter(({ specifier }) => specifier.startsWith('@infer/'));
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter(({ specifier }) => packageOf(specifier) !== '@infer/core')).toEqual([]);
  });
});
