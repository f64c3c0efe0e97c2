import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConnectionError, messageOf } from '@infer/core';
import type Database from 'better-sqlite3';

/**
 * A consistent copy of the database next to it (`conversations.db.backup-20261129T101500123Z`),
 * taken with SQLite's online backup while the connection stays usable, made a single file (no WAL
 * companions); keeps the newest `keep` copies.
 */
export async function backupBeside(db: Database.Database, keep: number): Promise<string> {
  const path = db.name;
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const target = `${path}.backup-${stamp}`;
  try {
    await db.backup(target);
    const copy = new (db.constructor as typeof Database)(target);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
  } catch (error) {
    // A partial copy would count among the kept ones and push a good one out.
    removeWithCompanions(target);
    throw new ConnectionError(`cannot back up SQLite database ${path} to ${target}: ${messageOf(error)}; the database was left unchanged`, {
      cause: error,
      hint: `free space in ${dirname(path)} and make it writable, or skip the backup with --no-backup`,
    });
  }
  prune(path, keep);
  return target;
}

/** The newest copy `backupBeside` left next to `path`, if any. */
export function newestBackup(path: string): string | undefined {
  const newest = backupsOf(path).at(-1);
  return newest === undefined ? undefined : join(dirname(path), newest);
}

function prune(path: string, keep: number): void {
  const backups = backupsOf(path);
  for (const old of backups.slice(0, Math.max(backups.length - keep, 0))) removeWithCompanions(join(dirname(path), old));
}

/** The names of the copies beside `path`, oldest first (their UTC stamps sort as text). */
function backupsOf(path: string): string[] {
  const pattern = new RegExp(`^${escape(basename(path))}\\.backup-\\d{8}T\\d{9}Z$`);
  try {
    return readdirSync(dirname(path)).filter((name) => pattern.test(name)).sort();
  } catch {
    return []; // a directory we may not list holds no backup we could name
  }
}

function removeWithCompanions(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
