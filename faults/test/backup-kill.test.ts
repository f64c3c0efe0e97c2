import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Exit } from '@infer/test-servers';
import { repetitions } from './scale.js';
import { startInfer } from './support/processes.js';

const KILLS = repetitions({ full: 30, ci: 5 });
/** Big enough that the copy takes most of a run. */
const MEGABYTES = repetitions({ full: 200, ci: 40 });

const BACKUP = /^conversations\.db\.backup-\d{8}T\d{9}Z$/;
const TEMPORARY = /^conversations\.db\.partial-backup-/;

/** A migrated SQLite database of about MEGABYTES MB with one application migration (0004) pending. */
async function bigDatabase(): Promise<{ path: string; env: NodeJS.ProcessEnv }> {
  const root = mkdtempSync(join(tmpdir(), 'infer-faults-backup-'));
  const path = join(root, 'conversations.db');
  const migrations = join(root, 'migrations');
  mkdirSync(join(migrations, 'sqlite'), { recursive: true });
  writeFileSync(join(migrations, 'sqlite', '0004_marker.up.sql'), 'CREATE TABLE marker (x INTEGER);\n');
  writeFileSync(join(migrations, 'sqlite', '0004_marker.down.sql'), 'DROP TABLE marker;\n');
  const env = {
    INFER_STORAGE_TYPE: 'sqlite',
    INFER_STORAGE_SQLITE_PATH: path,
    INFER_STORAGE_MIGRATIONS_DIR: migrations,
  };
  expect(await run(env, ['migrate', '--no-backup'])).toMatchObject({ code: 0 });
  expect(await run(env, ['migrate', 'down', '--no-backup'])).toMatchObject({ code: 0 });
  const db = new Database(path);
  db.exec(`CREATE TABLE bulk (id INTEGER PRIMARY KEY, b BLOB);
    INSERT INTO bulk (b) SELECT randomblob(1000) FROM (
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MEGABYTES * 1000})
      SELECT i FROM n);`);
  db.close();
  return { path, env };
}

function run(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<Exit> {
  return startInfer(args, env).exit;
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function pending(path: string): boolean {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM schema_migrations WHERE version = '0004'").get() === undefined;
  } finally {
    db.close();
  }
}

/** Every file named as a backup is a whole database; returns the names beside the database. */
function expectOnlyWholeBackups(path: string): string[] {
  const names = readdirSync(join(path, '..'));
  for (const name of names.filter((n) => BACKUP.test(n)))
    expect(`${name}: ${integrity(join(path, '..', name))}`).toBe(`${name}: ok`);
  return names;
}

/** Resolves once a temporary copy exists beside `path` (`true`), or when `ended` does first (`false`). */
async function temporaryCopySeen(path: string, ended: () => boolean): Promise<boolean> {
  while (!ended()) {
    if (readdirSync(join(path, '..')).some((name) => TEMPORARY.test(name))) return true;
    await sleep(2);
  }
  return false;
}

describe('kill -9 of `infer migrate` during its backup', () => {
  it(
    `${KILLS} times at random moments: every file named as a backup passes integrity_check, and the next run ` +
      'removes the temporary copies',
    async () => {
      const { path, env } = await bigDatabase();
      // How long a whole run takes, and how long its temporary copy exists.
      const started = performance.now();
      const reference = startInfer(['migrate'], env);
      let done = false;
      void reference.exit.then(() => (done = true));
      expect(await temporaryCopySeen(path, () => done)).toBe(true);
      const copying = performance.now();
      while (!done && readdirSync(join(path, '..')).some((name) => TEMPORARY.test(name))) await sleep(2);
      const backup = performance.now() - copying;
      expect(await reference.exit).toMatchObject({ code: 0 });
      const duration = performance.now() - started;
      expect(await run(env, ['migrate', 'down', '--no-backup'])).toMatchObject({ code: 0 });

      let midBackup = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        const { child, exit } = startInfer(['migrate'], env);
        let ended = false;
        void exit.then(() => (ended = true));
        // Every other kill at any moment of the run; the others once the copy has begun, at a random point of it.
        if (kill % 2 === 0) await sleep(Math.random() * duration);
        else if (await temporaryCopySeen(path, () => ended)) await sleep(Math.random() * backup * 0.8);
        child.kill('SIGKILL');
        await exit;
        expect(integrity(path)).toBe('ok');
        if (expectOnlyWholeBackups(path).some((name) => TEMPORARY.test(name))) midBackup++;
        if (!pending(path)) expect(await run(env, ['migrate', 'down', '--no-backup'])).toMatchObject({ code: 0 });
      }
      console.log(
        `backup-kill: ${MEGABYTES} MB, a run takes ${Math.round(duration)} ms, the copy ${Math.round(backup)} ` +
          `ms; ${midBackup} of ${KILLS} kills left a temporary copy`,
      );
      expect(midBackup, 'kills that landed during a backup').toBeGreaterThan(0);

      const rerun = await run(env, ['migrate']);
      expect(rerun.code, rerun.stderr).toBe(0);
      const names = expectOnlyWholeBackups(path);
      expect(names.filter((name) => !BACKUP.test(name)).sort()).toEqual(['conversations.db', 'migrations']);
      expect(names.filter((name) => BACKUP.test(name)).length).toBeLessThanOrEqual(3);
    },
    120_000 + KILLS * 10_000,
  );
});
