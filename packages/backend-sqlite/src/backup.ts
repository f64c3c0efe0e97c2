import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConnectionError, messageOf, writePrivateFile } from '@infer/core';
import type Database from 'better-sqlite3';

const STAMP = String.raw`\d{8}T\d{9}Z`;
/** What SQLite may leave beside a database file it was writing. */
const COMPANIONS = ['', '-journal', '-wal', '-shm'];

/**
 * A consistent copy of the database next to it (`conversations.db.backup-20261129T101500123Z`),
 * `0600`, a single file in rollback-journal mode; keeps the newest `keep` copies.
 *
 * `VACUUM INTO` copies within one read transaction, which writers of a WAL database do not disturb
 * (the online backup API starts over after each write of another connection, and never finishes
 * under a steady writer). The copy is written under a temporary name (`….partial-backup-<stamp>.<pid>`),
 * flushed to disk, then renamed: a file named as a backup is always complete. Temporary files of
 * processes that no longer run (killed during a backup) are removed before each backup.
 */
export async function backupBeside(db: Database.Database, keep: number): Promise<string> {
  const path = db.name;
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const target = `${path}.backup-${stamp}`;
  const partial = `${path}.partial-backup-${stamp}.${process.pid}`;
  try {
    removeLeftovers(path);
    // Created empty and private first: SQLite would create it 0644, and gives its journal the file's mode.
    writePrivateFile(partial, '');
    db.prepare('VACUUM INTO ?').run(partial);
    syncFile(partial);
    renameSync(partial, target);
    syncFile(dirname(path));
  } catch (error) {
    // A partial copy would count among the kept ones and push a good one out.
    removeWithCompanions(partial);
    throw new ConnectionError(
      `cannot back up SQLite database ${path} to ${target}: ${messageOf(error)}; the database was left unchanged`,
      {
        cause: error,
        hint: `free space in ${dirname(path)} and make it writable, or skip the backup with --no-backup`,
      },
    );
  }
  try {
    pruneBackups(path, keep);
  } catch (error) {
    throw new ConnectionError(
      `backed SQLite database ${path} up to ${target}, but cannot remove an older backup: ${messageOf(error)}; ` +
        'nothing was applied',
      {
        cause: error,
        hint:
          `make ${dirname(path)} writable or remove the older backups beside it yourself, or skip the backup with ` +
          '--no-backup',
      },
    );
  }
  return target;
}

/** The newest copy `backupBeside` left next to `path`, if any. */
export function newestBackup(path: string): string | undefined {
  const newest = backupsOf(path).at(-1);
  return newest === undefined ? undefined : join(dirname(path), newest);
}

function pruneBackups(path: string, keep: number): void {
  const backups = backupsOf(path);
  for (const old of backups.slice(0, Math.max(backups.length - keep, 0)))
    removeWithCompanions(join(dirname(path), old));
}

/** Temporary copies (and their journals) left by a backup whose process was killed. */
function removeLeftovers(path: string): void {
  const pattern = new RegExp(
    `^${escapeRegExp(basename(path))}\\.partial-backup-${STAMP}\\.(\\d+)(?:-journal|-wal|-shm)?$`,
  );
  for (const name of namesBeside(path, pattern)) {
    if (!isRunning(Number(pattern.exec(name)![1]))) rmSync(join(dirname(path), name), { force: true });
  }
}

/** The names of the copies beside `path`, oldest first (their UTC stamps sort as text). */
function backupsOf(path: string): string[] {
  try {
    return namesBeside(path, new RegExp(`^${escapeRegExp(basename(path))}\\.backup-${STAMP}$`)).sort();
  } catch {
    return []; // a directory we may not list holds no backup we could name
  }
}

/** Files only: a directory of that name is not ours to count or remove. */
function namesBeside(path: string, pattern: RegExp): string[] {
  return readdirSync(dirname(path), { withFileTypes: true })
    .filter((entry) => !entry.isDirectory() && pattern.test(entry.name))
    .map((entry) => entry.name);
}

/** Another process's backup in progress must not lose its temporary file. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Flushes a file, or a directory's entries (the rename), to disk. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeWithCompanions(file: string): void {
  for (const suffix of COMPANIONS) rmSync(`${file}${suffix}`, { force: true });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
