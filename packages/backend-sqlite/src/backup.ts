import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * A consistent copy of the database next to it (`conversations.db.backup-20261129T101500123Z`),
 * taken with SQLite's online backup while the connection stays usable; keeps the newest `keep`.
 */
export async function backupBeside(db: Database.Database, keep: number): Promise<string> {
  const path = db.name;
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  const target = `${path}.backup-${stamp}`;
  await db.backup(target);
  const prefix = `${basename(path)}.backup-`;
  const directory = dirname(path);
  const backups = readdirSync(directory).filter((name) => name.startsWith(prefix)).sort();
  for (const old of backups.slice(0, Math.max(backups.length - keep, 0))) rmSync(join(directory, old), { force: true });
  return target;
}
