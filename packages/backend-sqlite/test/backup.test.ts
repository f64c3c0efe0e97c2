import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteMigrationDriver } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';

/** A WAL database of about `megabytes` MB in one table `t`. */
function bigDatabase(megabytes: number): string {
  const path = tempDatabasePath();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB);
    INSERT INTO t (b) SELECT randomblob(1000) FROM (
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${megabytes * 1000})
      SELECT i FROM n);`);
  db.close();
  return path;
}

/** Another process inserting a row every 10 ms; resolves once it has written. */
async function startWriter(path: string): Promise<{ stop(): Promise<number> }> {
  const script = `const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(path)}, { timeout: 30000 });
    const insert = db.prepare('INSERT INTO t (b) VALUES (randomblob(100))');
    let writes = 0;
    insert.run(); console.log('ready');
    setInterval(() => { insert.run(); writes++; }, 10);
    process.on('SIGTERM', () => { console.log(writes); process.exit(0); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the writer exited (${code}) before writing`)));
    child.stdout.on('data', () => output.includes('ready') && resolve());
  });
  return {
    stop: () => {
      const exited = new Promise<number>((resolve) =>
        child.on('exit', () => resolve(Number(output.trim().split('\n').at(-1)))),
      );
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function integrity(path: string): { check: string; journalMode: string } {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      check: db.pragma('integrity_check', { simple: true }) as string,
      journalMode: db.pragma('journal_mode', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('SQLite backups that cannot stall or lie', () => {
  it('finishes while another process writes every 10 ms, in about its time alone, with a consistent copy', async () => {
    const path = bigDatabase(20);
    const driver = SqliteMigrationDriver.open(path);
    let backup: string | undefined | 'still running';
    let alone = 0;
    try {
      let started = performance.now();
      await driver.backup({ keep: 3 });
      alone = performance.now() - started;
      const writer = await startWriter(path);
      try {
        // The online backup API started over after each write: 20 s and more here, against 0.2 s alone.
        const limit = new Promise<'still running'>((resolve) =>
          setTimeout(() => resolve('still running'), Math.max(5000, 10 * alone)).unref(),
        );
        started = performance.now();
        backup = await Promise.race([driver.backup({ keep: 3 }), limit]);
      } finally {
        expect(await writer.stop(), 'writes made by the writer').toBeGreaterThan(0);
      }
    } finally {
      await driver.close();
    }
    expect(backup, `alone it took ${Math.round(alone)} ms`).toMatch(/\.backup-\d{8}T\d{9}Z$/);
    expect(integrity(backup!)).toEqual({ check: 'ok', journalMode: 'delete' });
    expect(readdirSync(dirname(path)).filter((name) => name.startsWith(`${basename(backup!)}-`))).toEqual([]);
  }, 60_000);

  it("removes temporary copies and journals of ended processes, never a running one's nor a directory", async () => {
    const path = bigDatabase(1);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const leftover = (pid: number, suffix = '') =>
      `${basename(path)}.partial-backup-20261201T101500123Z.${pid}${suffix}`;
    for (const name of [
      leftover(dead),
      leftover(dead, '-journal'),
      leftover(process.pid),
      leftover(process.pid, '-journal'),
    ]) {
      writeFileSync(`${dirname(path)}/${name}`, 'half a copy');
    }
    // Someone's directories under those names: neither removed nor counted among the backups.
    const directories = [leftover(dead, '-wal'), `${basename(path)}.backup-20200101T000000000Z`];
    for (const name of directories) mkdirSync(`${dirname(path)}/${name}`);
    const driver = SqliteMigrationDriver.open(path);
    let backup: string | undefined;
    try {
      backup = await driver.backup({ keep: 1 });
    } finally {
      await driver.close();
    }
    expect(readdirSync(dirname(path)).sort()).toEqual(
      [
        basename(path),
        basename(backup!),
        leftover(process.pid),
        leftover(process.pid, '-journal'),
        ...directories,
      ].sort(),
    );
  });

  it.skipIf(process.getuid?.() !== 0)(
    'an older backup that cannot be removed: one line with the fix, and the new backup kept',
    async () => {
      const path = bigDatabase(1);
      const older = `${path}.backup-20200101T000000000Z`;
      writeFileSync(older, 'an older backup');
      // Immutable (as root, whom modes do not stop): removing it fails with EPERM.
      expect(spawnSync('chattr', ['+i', older]).status, 'chattr +i (ext4, as root)').toBe(0);
      const driver = SqliteMigrationDriver.open(path);
      try {
        await expect(driver.backup({ keep: 1 })).rejects.toMatchObject({
          code: 'E_CONNECTION',
          message: expect.stringMatching(
            new RegExp(
              /backed SQLite database .* up to .*\.backup-\d{8}T\d{9}Z, but cannot remove an older backup: /.source +
                /.*; nothing was applied$/.source,
            ),
          ),
          hint: expect.stringContaining('remove the older backups beside it yourself'),
        });
      } finally {
        await driver.close();
        spawnSync('chattr', ['-i', older]);
      }
      expect(readdirSync(dirname(path)).filter((name) => name.includes('.backup-'))).toHaveLength(2);
    },
  );
});
