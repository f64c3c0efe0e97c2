import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { LEDGERS } from './shapes.js';

/**
 * What a database holds, read by the harness after a run (read-only, outside the timing): rows of
 * the ledger (ours, or a peer tool's `ledger` table of lib/shapes.js LEDGERS), generated tables and
 * the journal mode.
 */
export function inspectDatabase(path, ledger = LEDGERS.infer) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasLedger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(ledger);
    const ledgerRows = hasLedger ? db.prepare(`SELECT count(*) AS n FROM ${ledger}`).get().n : 0;
    const benchTables = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\'")
      .get().n;
    const benchIndexes = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx\\_t\\_%' ESCAPE '\\'")
      .get().n;
    const journalMode = db.pragma('journal_mode', { simple: true });
    return { ledgerRows, benchTables, benchIndexes, journalMode };
  } finally {
    db.close();
  }
}

/** A problem string when the database does not hold `expected` (a partial of inspectDatabase). */
export function expectDatabase(path, expected, ledger = LEDGERS.infer) {
  let actual;
  try {
    actual = inspectDatabase(path, ledger);
  } catch (error) {
    return `cannot inspect ${path}: ${error.message}`;
  }
  return mismatch(path, actual, expected);
}

/**
 * Throws when a database prepared before measuring does not hold what it should (`problem` from expectDatabase or
 * PgAdmin.expect).
 */
export function assertSeeded(problem) {
  if (problem) throw new Error(`setup: ${problem}`);
}

/** A problem string naming the first key of `expected` that `actual` (what `where` holds) differs in. */
export function mismatch(where, actual, expected) {
  for (const [key, value] of Object.entries(expected)) {
    if (actual[key] !== value) return `${where}: ${key} is ${actual[key]}, expected ${value}`;
  }
  return undefined;
}

/** Removes a SQLite file of a run and its -wal, -shm and -journal companions. */
export function removeDatabase(path) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}
