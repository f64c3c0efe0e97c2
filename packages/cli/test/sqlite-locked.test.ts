import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdWriteLock } from '@infer/test-servers/sqlite';
import { BIN, type Sandbox, expectOneLineError, infer, sandbox, snapshot } from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';

/** `infer migrate` on a database with 002 and 003 pending; stderr lines with when each came. */
function migrate(
  sb: Sandbox,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; lines: { at: number; text: string }[]; elapsed: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'migrate', '--no-backup'], { cwd: sb.cwd, env: { ...sb.env, ...env } });
  const lines: { at: number; text: string }[] = [];
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const text of parts) lines.push({ at: Date.now() - started, text });
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, lines, elapsed: Date.now() - started })));
}

function pendingDatabase(): Sandbox {
  const sb = sandbox();
  expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
  expect(infer(sb, ['migrate', 'down', '--to', '001', '--no-backup']).code).toBe(0);
  return sb;
}

describe('a SQLite database held by another writer', () => {
  it('exits 10 after storage.sqlite.busy_timeout, naming the other process, having said it waits', async () => {
    const sb = pendingDatabase();
    await holdWriteLock(sb.defaultDb, 60_000);
    const before = snapshot(sb.defaultDb);
    const run = await migrate(sb, { INFER_STORAGE_SQLITE_BUSY_TIMEOUT: '3' });
    expect(run.code, JSON.stringify(run.lines)).toBe(10);
    expect(run.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(
        /^Warning: SQLite database .*conversations\.db is locked by another process; waiting up to 3 s for it$/,
      ),
      expect.stringMatching(
        new RegExp(
          /^Error: another process \(the Inference Gateway CLI or another infer\) held SQLite database .* /.source +
            /for more than 3 s\. Fix: close the other program/.source,
        ),
      ),
    ]);
    // The notice came while it waited, not at the end: a second and more before the failure.
    expect(run.lines[1]!.at - run.lines[0]!.at).toBeGreaterThanOrEqual(1500);
    expect(run.elapsed).toBeGreaterThanOrEqual(3000);
    expect(snapshot(sb.defaultDb)).toEqual(before);
  });

  it('waits as long as the other writer holds it within the busy timeout, then migrates', async () => {
    const sb = pendingDatabase();
    await holdWriteLock(sb.defaultDb, 2500);
    const run = await migrate(sb, {});
    expect(run.code, JSON.stringify(run.lines)).toBe(0);
    expect(run.lines.map((line) => line.text)).toEqual([
      expect.stringMatching(/^Warning: .* waiting up to 30 s for it$/),
    ]);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(['001', '002', '003']);
  });

  it('says nothing about waiting when the lock comes within the first second', async () => {
    const sb = pendingDatabase();
    await holdWriteLock(sb.defaultDb, 300);
    const run = await migrate(sb, {});
    expect(run.code).toBe(0);
    expect(run.lines).toEqual([]);
  });

  it('waits the same for the statements of a migration outside a transaction', async () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    const dir = join(sb.root, 'migrations');
    mkdirSync(join(dir, 'sqlite'), { recursive: true });
    writeFileSync(
      join(dir, 'sqlite', '004_tags.up.sql'),
      '-- infer: transaction=false\nCREATE TABLE tags (id TEXT);\nCREATE INDEX tags_id ON tags (id);\n',
    );
    await holdWriteLock(sb.defaultDb, 2500);
    const run = await migrate(sb, { INFER_STORAGE_MIGRATIONS_DIR: dir });
    expect(run.code, JSON.stringify(run.lines)).toBe(0);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(['001', '002', '003', '004']);
  });

  it('refuses a busy_timeout that is not a number of seconds', () => {
    const sb = sandbox();
    expectOneLineError(
      infer(sb, ['migrate'], { env: { INFER_STORAGE_SQLITE_BUSY_TIMEOUT: '-1' } }),
      3,
      /busy_timeout/,
      /must be 0 or more seconds/,
    );
  });
});
