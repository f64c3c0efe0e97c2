import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A third-party backend sees infer only through @infer/core's published entry points. Every import
 * specifier of src/ (static, dynamic and `export ... from`) must be one of these, a node: builtin,
 * or a relative file of this package; tests may also use vitest and @infer/core/testing.
 */
const PUBLIC = [
  '@infer/core',
  '@infer/core/kit',
  '@infer/core/kit/config',
  '@infer/core/kit/plugin',
  '@infer/core/sql',
  'mysql2',
  'mysql2/promise',
  'valibot',
];
const FOR_TESTS = [...PUBLIC, '@infer/core/testing', 'vitest'];

interface Import {
  readonly file: string;
  readonly specifier: string;
  /** The path a relative specifier points at. */
  readonly target: string;
}

function specifiers(dir: string): Import[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mjs|js)$/.test(file))
    .flatMap((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const found = text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g);
      return [...found].map((match) => ({
        file,
        specifier: match[1]!,
        target: resolve(dir, dirname(file), match[1]!),
      }));
    });
}

/** A listed package, a builtin, or a relative file inside `within`. */
const allowed =
  (list: readonly string[], within: string) =>
  ({ specifier, target }: Import) =>
    list.includes(specifier) ||
    specifier.startsWith('node:') ||
    (specifier.startsWith('.') && !relative(within, target).startsWith('..'));

describe('the backend depends on the public API of @infer/core only', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));

  it('src imports only @infer/core and its subpaths, mysql2, valibot, node: builtins and its own files', () => {
    const imports = specifiers(join(root, 'src'));
    expect(imports.length).toBeGreaterThan(20);
    // Relative imports stay inside src/: nothing reaches into packages/*/src or another backend.
    expect(imports.filter((i) => !allowed(PUBLIC, join(root, 'src'))(i))).toEqual([]);
  });

  it('tests import nothing else but vitest and @infer/core/testing, and reach no further than this package', () => {
    const imports = specifiers(join(root, 'test'));
    expect(imports.filter((i) => !allowed(FOR_TESTS, root)(i))).toEqual([]);
  });

  it('declares exactly those packages as dependencies, @infer/core as a range', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['@infer/core', 'mysql2', 'valibot']);
    expect(manifest.devDependencies).toBeUndefined();
  });
});
