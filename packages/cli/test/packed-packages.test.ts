// What `pnpm publish` uploads of each public package: its documents, no source map that leads to a
// file left out, and nothing publint or arethetypeswrong objects to.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danglingSourceMapReferences } from './source-maps.js';
import { type PackedPackage, REPO_ROOT, pack, publicPackages } from './workspace-packages.js';

const packages = publicPackages();
const destination = mkdtempSync(join(tmpdir(), 'infer-packed-'));
const packed = new Map<string, PackedPackage>();
beforeAll(() => {
  for (const pkg of packages) packed.set(pkg.name, pack(pkg, destination));
}, 120_000);
afterAll(() => rmSync(destination, { recursive: true, force: true }));

const textOf = (tarball: PackedPackage, file: string) => readFileSync(join(tarball.root, file), 'utf8');

it('the public packages are the libraries, the backends, the CLI and the MariaDB example', () => {
  expect(packages.map((pkg) => pkg.name).sort()).toEqual([
    '@acme/infer-backend-mariadb',
    '@infer/backend-memory',
    '@infer/backend-postgres',
    '@infer/backend-redis',
    '@infer/backend-sqlite',
    '@infer/cli',
    '@infer/core',
  ]);
});

describe.each(packages)('$name as published', (pkg) => {
  it('has a README (what it is, install, the smallest use, configuration), a LICENSE and its changelog entry', () => {
    const tarball = packed.get(pkg.name)!;
    expect(tarball.files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']));
    const readme = textOf(tarball, 'README.md');
    expect(readme).toMatch(new RegExp(`^# ${pkg.name}\n\n\\S`));
    for (const heading of [/^## Install$/m, /^## The smallest use$/m, /^## Configuration\b/m]) {
      expect(readme).toMatch(heading);
    }
    expect(textOf(tarball, 'LICENSE')).toMatch(/^MIT License/);
    expect(textOf(tarball, 'CHANGELOG.md')).toMatch(
      new RegExp(`^# ${pkg.name}\n\n## ${pkg.version.replaceAll('.', '\\.')}\n`),
    );
  });

  it('ships the licence notices of every package its bundles inline', () => {
    const tarball = packed.get(pkg.name)!;
    const inlined = new Set(
      tarball.files
        .filter((file) => file.endsWith('.js'))
        .flatMap((file) => [
          ...textOf(tarball, file).matchAll(
            /^\/\/ node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm,
          ),
        ])
        .map((match) => match[1]!),
    );
    const shipped = tarball.files.includes('dist/THIRD-PARTY-NOTICES.md');
    const notices = shipped ? textOf(tarball, 'dist/THIRD-PARTY-NOTICES.md') : '';
    for (const name of inlined)
      expect(notices, name).toMatch(new RegExp(`^## ${name.replace('/', '\\/')} \\S+ \\(`, 'm'));
  });

  it.runIf(pkg.name === '@infer/cli')('names oclif among them, with its licence text', () => {
    const notices = textOf(packed.get(pkg.name)!, 'dist/THIRD-PARTY-NOTICES.md');
    expect(notices).toMatch(/^## @oclif\/core \d+\.\d+\.\d+ \(MIT\)\n\n```\nMIT License\n\nCopyright/m);
  });

  it('ships no source map comment or map source that points at a file outside the tarball', () => {
    const tarball = packed.get(pkg.name)!;
    const texts = new Map(
      tarball.files
        .filter((file) => /\.(map|[cm]?js|d\.[cm]?ts)$/.test(file))
        .map((file) => [file, textOf(tarball, file)]),
    );
    const dangling = danglingSourceMapReferences(texts);
    expect(dangling, 'stale build output? run "pnpm clean && pnpm build"').toEqual([]);
  });

  it('publint (strict) has nothing to say', async () => {
    const bytes = readFileSync(packed.get(pkg.name)!.tarball);
    // The file's own bytes: on Node 24 a Buffer may be a view into a larger, shared ArrayBuffer.
    const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { messages, pkg: manifest } = await publint({
      pack: { tarball },
      strict: true,
    });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, manifest)}`)).toEqual([]);
  });

  // The packages are ESM only on purpose ("type": "module", no "require" condition, Node >= 20.19,
  // which can require() ESM anyway). The esm-only profile leaves out node10 resolution (TypeScript's
  // moduleResolution "node10" predates "exports" and finds no subpath such as @infer/core/sql) and
  // "node16 from CJS" (a require of ESM); every ESM resolution (node16 from ESM, bundler) must be clean.
  it('arethetypeswrong (esm-only profile) finds no problem', () => {
    const tarball = packed.get(pkg.name)!;
    const attw = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'attw'),
      [tarball.tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'],
      { encoding: 'utf8' },
    );
    expect(attw.status, attw.stdout + attw.stderr).toBe(0);
    expect(attw.stdout).toContain(`"${pkg.name}`); // it did analyse the package's entry points
  }, 60_000);
});

describe('the source map check', () => {
  it('names a map whose source is not shipped, and a comment naming a missing map', () => {
    const files = new Map([
      ['dist/index.js', 'export {};\n//# sourceMappingURL=index.js.map\n'],
      ['dist/index.js.map', JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' })],
      ['dist/index.d.ts', 'export {};\n//# sourceMappingURL=index.d.ts.map\n'],
      ['dist/inline.js', 'export {};\n//# sourceMappingURL=data:application/json;base64,e30=\n'],
    ]);
    expect(danglingSourceMapReferences(files)).toEqual([
      'dist/index.js.map -> ../src/index.ts',
      'dist/index.d.ts -> index.d.ts.map',
    ]);
    files.set('src/index.ts', 'export {};\n');
    files.set('dist/index.d.ts.map', JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }));
    expect(danglingSourceMapReferences(files)).toEqual([]);
  });
});
