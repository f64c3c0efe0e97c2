import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'reflect-metadata';
import { CONTRACT_VERSION, registerBackend } from '@infer/core';
import { container } from 'tsyringe';
import { afterAll, describe, expect, it } from 'vitest';
import { compose } from '../src/composition-root.js';
import { RecentConversations } from '../src/recent-conversations.js';

const APP = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'infer-app-core-only-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Every package installed for the app at run time: its dependencies, theirs, and so on, found the
 * way Node finds them (the nearest node_modules up the directory tree), following the links pnpm
 * made. Development dependencies of a dependency are not installed for its users, so not followed.
 */
function installedNames(): string[] {
  const found = new Map<string, string>();
  const visit = (dir: string) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const location = locate(dir, name);
      if (location === undefined || found.get(name) === location) continue;
      found.set(name, location);
      visit(location);
    }
  };
  visit(APP);
  return [...found.keys()].sort();
}

function locate(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

describe('an application on @infer/core and @infer/backend-sqlite', () => {
  it('has no oclif package anywhere in its installed dependency tree', () => {
    const names = installedNames();
    expect(names).toEqual(
      expect.arrayContaining([
        '@infer/core',
        '@infer/backend-sqlite',
        'better-sqlite3',
        'tsyringe',
        'js-yaml',
        'valibot',
        'bindings',
      ]),
    );
    expect(names.filter((name) => /oclif/i.test(name))).toEqual([]);
    expect(names).not.toContain('@infer/cli');
  });

  it('opens storage (which migrates), saves and lists conversations, by hand and with DI', () => {
    const db = join(scratch, 'app.db');
    const output = execFileSync(process.execPath, ['src/main.js', db], { cwd: APP, encoding: 'utf8' });
    expect(output.trimEnd().split('\n')).toEqual([
      'by hand: 3 migrations applied',
      'with DI: app-2 Lighthouses',
      'with DI: app-1 Tide pools',
    ]);
  }, 60_000);

  it('gets its backend from the container alone: a backend registered there is the one it uses', async () => {
    const opened: unknown[] = [];
    const fake = {
      type: 'fake',
      displayName: 'Fake',
      contract: `^${CONTRACT_VERSION}`,
      configSchema: { '~standard': { version: 1, vendor: 'test', validate: (value: unknown) => ({ value }) } },
      migrations: 'none',
      async open(section: unknown) {
        opened.push(section);
        return { list: async () => [{ id: 'f-1', title: 'From the container' }], close: async () => {} };
      },
    };
    const app = compose(container.createChildContainer(), { type: 'fake', section: { shelf: 3 } });
    registerBackend(app, fake as never);
    expect(await app.resolve(RecentConversations).lines(5)).toEqual(['f-1 From the container']);
    expect(opened).toEqual([{ shelf: 3 }]);
  });

  it("refuses a section its backend's schema rejects, before opening anything", async () => {
    const app = compose(container.createChildContainer(), { type: 'sqlite', section: { path: '' } });
    await expect(app.resolve(RecentConversations).lines(5)).rejects.toThrow(/^storage\.sqlite: must be a file path/);
  });
});
