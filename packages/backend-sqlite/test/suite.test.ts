import { runBackendSuite } from '@infer/core/testing';
import Database from 'better-sqlite3';
import { sqliteBackend } from '../src/index.js';
import { holdWriteLock } from '@infer/test-servers/sqlite';
import { tempDatabasePath } from './helpers.js';
import { dumpDatabase } from './legacy-database.js';

/** Runs `work` on a connection of its own to the file at `path` (created empty if missing). */
function byHand<T>(path: string, work: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

runBackendSuite<{ path: string; busy_timeout?: number }>({
  descriptor: sqliteBackend,
  packageJson: new URL('../package.json', import.meta.url),
  driverModule: /[\\/]better-sqlite3[\\/]lib[\\/]index\.js$/,
  newStorage: async () => {
    const path = tempDatabasePath();
    byHand(path, () => {}); // an empty file, as a new database is
    return { path };
  },
  byHand: ({ path }) => ({
    exec: async (sql) => byHand(path, (db) => void db.exec(sql)),
    query: async <Row>(sql: string) => byHand(path, (db) => db.prepare(sql).all() as Row[]),
    dump: async () => dumpDatabase(path),
  }),
  lock: {
    timeoutKey: 'busy_timeout',
    // SQLite's migration lock is its write lock, taken by another process as the Go release would.
    async hold({ path }, releaseAfterMs) {
      const holder = await holdWriteLock(path, releaseAfterMs ?? 60_000);
      return {
        release: async () => {
          if (holder.exitCode !== null) return;
          const exited = new Promise((resolve) => holder.once('exit', resolve));
          holder.kill();
          await exited;
        },
        describedBy: /another process \(the Inference Gateway CLI or another infer\) held SQLite database/,
      };
    },
    isFree: async ({ path }) =>
      byHand(path, (db) => {
        db.pragma('busy_timeout = 0');
        try {
          db.exec('BEGIN IMMEDIATE; ROLLBACK');
          return true;
        } catch {
          return false;
        }
      }),
  },
});
