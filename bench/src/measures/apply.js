import { join } from 'node:path';
import { expectDatabase, removeDatabase } from '../lib/ledger.js';

export const APPLY_MIGRATIONS = 1000;

/** One side of the measure: a child script that applies the migrations to a new file per run. */
function subject(ws, label, script, tag) {
  return {
    label,
    command(i) {
      const path = join(ws.root, `apply-${tag}-${i < 0 ? `warm${-i}` : i}.db`);
      removeDatabase(path);
      return { argv: [ws.node, join(ws.childrenDir, script), path, String(APPLY_MIGRATIONS)], cwd: ws.root, env: ws.env, context: path };
    },
    verify(run, path) {
      const reported = JSON.parse(run.stdout.trim().split('\n').pop() || '{}').applied;
      if (reported !== APPLY_MIGRATIONS) return `reported ${reported} applied, expected ${APPLY_MIGRATIONS}`;
      return expectDatabase(path, {
        ledgerRows: APPLY_MIGRATIONS,
        benchTables: APPLY_MIGRATIONS,
        benchIndexes: APPLY_MIGRATIONS,
        journalMode: 'wal',
      });
    },
    cleanup: removeDatabase,
  };
}

/** Measure 2: the engine applying 1000 migrations to a new SQLite file, against better-sqlite3 by hand. */
export function applyMeasure(ws) {
  return {
    id: 'apply',
    title: `apply ${APPLY_MIGRATIONS} migrations to a new SQLite file (Migrator + SqliteMigrationDriver)`,
    floorTitle: 'better-sqlite3 by hand, same transactions and ledger',
    target: 1.15,
    a: subject(ws, 'engine', 'apply-engine.js', 'engine'),
    b: subject(ws, 'raw better-sqlite3', 'apply-raw.js', 'raw'),
  };
}
