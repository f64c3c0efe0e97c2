import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { lastJson } from '../lib/child-output.js';
import { assertSeeded, removeDatabase } from '../lib/ledger.js';

/** The size of the database backed up, in MB (rows of 1000 random bytes). */
const MEGABYTES = 300;
const TIMING =
  "in-process: the time of `driver.backup()` alone, the child's own process.hrtime; start-up, opening and the " +
  "writer's start excluded";

/** A WAL database of MEGABYTES MB in one table, checkpointed; every run backs up this file. */
function buildDatabase(path) {
  removeDatabase(path);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE bulk (id INTEGER PRIMARY KEY, b BLOB);
      INSERT INTO bulk (b) SELECT randomblob(1000) FROM (
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MEGABYTES * 1000})
        SELECT i FROM n);`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** What a backup must be: a whole database in rollback-journal mode with at least the rows the source had. */
function inspectBackup(path) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      integrity: db.pragma('quick_check', { simple: true }),
      journalMode: db.pragma('journal_mode', { simple: true }),
      rows: db.prepare('SELECT count(*) AS n FROM bulk').get().n,
    };
  } finally {
    db.close();
  }
}

/** The copies beside the source (each run's, once verified, and those of the peak-RSS runs). */
function removeBackups(path) {
  for (const name of readdirSync(dirname(path)).filter((n) => n.startsWith(`${basename(path)}.backup-`)))
    removeDatabase(join(dirname(path), name));
}

function subject(ws, path, label, mode) {
  return {
    label,
    command: () => ({ argv: [ws.node, join(ws.childrenDir, 'backup-run.js'), path, mode], cwd: ws.root, env: ws.env }),
    verify(run) {
      const { ms, backup, writes } = lastJson(run.stdout);
      if (typeof backup !== 'string') return `reported no backup: ${run.stdout.trim()}`;
      // A writer every 10 ms must really have written while the copy was made (a quarter of its pace at least).
      if (mode === 'writer' && !(writes >= Math.floor(ms / 40)))
        return `the writer committed ${writes} rows in ${Math.round(ms)} ms`;
      if (mode === 'alone' && writes !== 0) return `${writes} rows were written during the backup without a writer`;
      let actual;
      try {
        actual = inspectBackup(backup);
      } catch (error) {
        return `cannot inspect ${backup}: ${error.message}`;
      }
      if (actual.integrity !== 'ok' || actual.journalMode !== 'delete' || actual.rows < MEGABYTES * 1000)
        return `${backup}: ${JSON.stringify(actual)}`;
      return undefined;
    },
    cleanup: () => removeBackups(path),
    elapsed: (run) => lastJson(run.stdout).ms,
  };
}

/**
 * A backup of a 300 MB database while another process writes every 10 ms, against the same backup without the writer.
 */
export async function backupUnderWriterMeasure(ws) {
  const path = join(ws.root, 'backup-source.db');
  buildDatabase(path);
  assertSeeded(
    inspectBackup(path).rows === MEGABYTES * 1000 ? undefined : `${path} does not hold ${MEGABYTES * 1000} rows`,
  );
  return {
    id: 'backup-under-writer',
    title:
      `backup of a ${MEGABYTES} MB SQLite database (\`SqliteMigrationDriver.backup\`, what \`infer migrate\` ` +
      'takes first) while another process inserts a row every 10 ms; in-process',
    floorTitle: 'the same backup with no other process writing',
    target: 2,
    timing: TIMING,
    a: subject(ws, path, 'with a writer every 10 ms', 'writer'),
    b: subject(ws, path, 'alone', 'alone'),
    teardown: async () => {
      removeBackups(path);
      removeDatabase(path);
    },
  };
}
