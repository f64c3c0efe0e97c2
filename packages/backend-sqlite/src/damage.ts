import { ConnectionError, messageOf } from '@infer/core';
import type BetterSqlite3 from 'better-sqlite3';
import { newestBackup } from './backup.js';

/** `SQLITE_CORRUPT` and its extended codes (`SQLITE_CORRUPT_INDEX`...): damaged pages. */
export function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_CORRUPT');
}

/** A damaged database, named with the way back: the newest backup beside it, or `sqlite3 .recover`. */
export function damagedDatabaseError(path: string, detail: string, cause?: unknown): ConnectionError {
  const backup = newestBackup(path);
  const recover = `recover what is readable with: sqlite3 "${path}" .recover | sqlite3 "${path}.recovered", then set storage.sqlite.path to the recovered file`;
  return new ConnectionError(`SQLite database ${path} is damaged (${detail}); it was left unchanged`, {
    cause,
    hint: backup === undefined ? `there is no backup beside it; ${recover}` : `restore the newest backup, ${backup}, by copying it over the damaged file, or ${recover}`,
  });
}

/** Runs a storage operation; damaged pages it meets become {@link damagedDatabaseError}. */
export function readingDamage<T>(db: BetterSqlite3.Database, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw isCorrupt(error) ? damagedDatabaseError(db.name, messageOf(error), error) : error;
  }
}

/**
 * Refuses a damaged database before a migration run or a status report trusts its ledger: both
 * read only the schema, which damaged table pages do not touch. `quick_check` reads every page
 * once, without checking that indexes match their tables.
 */
export function assertUndamaged(db: BetterSqlite3.Database): void {
  const problems = db.pragma('quick_check(3)', { simple: false }) as { quick_check: string }[];
  const found = problems.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (found.length > 0) throw damagedDatabaseError(db.name, found.join('; '));
}
