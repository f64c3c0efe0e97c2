import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
  await db.backup(target);
  const copy = new (db.constructor as typeof Database)(target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  prune(path, keep);
  return target;
}

function prune(path: string, keep: number): void {
  const directory = dirname(path);
  const pattern = new RegExp(`^${escape(basename(path))}\\.backup-\\d{8}T\\d{9}Z$`);
  const backups = readdirSync(directory).filter((name) => pattern.test(name)).sort();
  for (const old of backups.slice(0, Math.max(backups.length - keep, 0))) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(directory, `${old}${suffix}`), { force: true });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
