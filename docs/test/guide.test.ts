// The code samples of docs/backend-authors.md, as files: written out, type-checked with tsc
// --strict, and run (the shared test suite against the backend they make), so the guide cannot rot.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DOCS = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(DOCS, '.samples');
const guide = readFileSync(join(DOCS, 'backend-authors.md'), 'utf8');

/** Every fenced block with a `file=` attribute: its path and its text. */
const samples = [...guide.matchAll(/^```(\w+) file=(\S+)\n([\s\S]*?)^```$/gm)].map(([, language, file, text]) => ({
  language,
  file: file!,
  text: text!,
}));

rmSync(SAMPLES, { recursive: true, force: true });
for (const { file, text } of samples) {
  mkdirSync(dirname(join(SAMPLES, file)), { recursive: true });
  writeFileSync(join(SAMPLES, file), text);
}
writeFileSync(
  join(SAMPLES, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      skipLibCheck: true,
      types: ['node'],
      noUnusedLocals: true,
    },
    include: ['src/**/*.ts', 'test/**/*.ts'],
  }),
);

describe('docs/backend-authors.md', () => {
  it('has the samples of a whole backend', () => {
    expect(samples.map((s) => s.file).sort()).toEqual([
      'package.json',
      'src/app.ts',
      'src/backend.ts',
      'src/config.ts',
      'src/descriptor.ts',
      'src/driver.ts',
      'src/hook.ts',
      'src/migrations.ts',
      'test/suite.test.ts',
    ]);
  });

  it('type-checks every TypeScript sample with tsc --strict', () => {
    const tsc = join(DOCS, 'node_modules', '.bin', 'tsc');
    const result = (() => {
      try {
        return execFileSync(tsc, ['-p', join(SAMPLES, 'tsconfig.json')], { encoding: 'utf8' });
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    })();
    expect(result).toBe('');
  }, 60_000);

  it('declares the hook of its storage type, pointing at the built hook file', async () => {
    const manifest = JSON.parse(readFileSync(join(SAMPLES, 'package.json'), 'utf8')) as {
      oclif: { hooks: Record<string, string> };
    };
    const { docstoreBackend } = await import(join(SAMPLES, 'src', 'descriptor.ts'));
    expect(manifest.oclif.hooks).toEqual({ [`infer:backend:${docstoreBackend.type}`]: './dist/hook.js' });
    const hook = (await import(join(SAMPLES, 'src', 'hook.ts'))).default;
    const registered: unknown[] = [];
    expect(
      await hook({ container: { register: (_t: symbol, p: { useValue: unknown }) => registered.push(p.useValue) } }),
    ).toEqual({ type: 'docstore', displayName: 'Docstore', migrations: 1 });
    expect(registered).toEqual([docstoreBackend]);
  });

  it('runs the application sample: open through the registry (migrating), list', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'docstore-app-')), 'app.db');
    const { DocstoreBackend } = await import(join(SAMPLES, 'src', 'backend.ts'));
    const backend = await DocstoreBackend.open({ config: { path } });
    const at = '2026-11-29T10:00:00+01:00';
    await backend.save({
      metadata: { id: 'g1', title: 'From the guide', created_at: at, updated_at: at },
      entries: [],
    });
    await backend.close();
    const { titles } = await import(join(SAMPLES, 'src', 'app.ts'));
    expect(await titles(path)).toEqual(['From the guide']);
  });
});

// The guide's own test file, run here: the shared test suite against the guide's backend.
await import(join(SAMPLES, 'test', 'suite.test.ts'));
