import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SqliteBackend } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';
import { dumpTable } from './legacy-database.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function run(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('SQLite under concurrency', () => {
  it('lets 8 processes migrate one new file at once, 3 rounds: each migration applied once, all succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const path = tempDatabasePath();
      const started = await Promise.all(
        Array.from({ length: 8 }, () => run(spawn(process.execPath, [fixture('open-and-close.mjs'), path]))),
      );
      // A process that waited more than a second for another's lock says so (a process warning): allowed.
      const runs = started.map(({ code, output }) => ({
        code,
        output: output.replace(
          /^.*is locked by another process; waiting up to \d+(\.\d+)? s for it\n(\(Use `node --trace-warnings .*\n)?/gm,
          '',
        ),
      }));
      expect(runs).toEqual(Array.from({ length: 8 }, () => ({ code: 0, output: 'ok\n' })));
      expect((dumpTable(path, 'schema_migrations') as { version: string }[]).map((r) => r.version)).toEqual([
        '001',
        '002',
        '003',
      ]);
    }
  });

  it('waits for another writer within the busy timeout instead of failing with "database is locked"', async () => {
    const path = tempDatabasePath();
    await (await SqliteBackend.open({ config: { path }, migrate: false })).close();
    const holder = spawn(process.execPath, [fixture('hold-write-lock.mjs'), path, '1500']);
    const held = run(holder);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const started = Date.now();
    const backend = await SqliteBackend.open({ config: { path } });
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect((await backend.migrationStatus()).every((s) => s.state === 'applied')).toBe(true);
    await backend.close();
    expect((await held).code).toBe(0);
  });
});
