import { dirname } from 'node:path';
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
  const recover =
    `recover what is readable with: sqlite3 "${path}" .recover | sqlite3 "${path}.recovered", then set ` +
    'storage.sqlite.path to the recovered file';
  return new ConnectionError(`SQLite database ${path} is damaged (${detail}); it was left unchanged`, {
    cause,
    hint:
      backup === undefined
        ? `there is no backup beside it; ${recover}`
        : `restore the newest backup, ${backup}, by copying it over the damaged file, or ${recover}`,
  });
}

/** A file, or its directory, this process may not write: permissions, never free space. */
export function isReadOnly(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|PERM)/.test(code);
}

export function readOnlyError(path: string, error: unknown): ConnectionError {
  return new ConnectionError(`cannot write SQLite database ${path}: ${messageOf(error)}`, {
    cause: error,
    hint:
      `check the permissions (and owner, and immutable flag) of ${path} and ${dirname(path)} and make them ` +
      'writable, or set storage.sqlite.path to another file; it was left unchanged',
  });
}

/**
 * Runs a storage operation; damaged pages it meets become {@link damagedDatabaseError}, a file it
 * may not write {@link readOnlyError}.
 */
export function namingCause<T>(db: BetterSqlite3.Database, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isCorrupt(error)) throw damagedDatabaseError(db.name, messageOf(error), error);
    if (isReadOnly(error)) throw readOnlyError(db.name, error);
    throw error;
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
