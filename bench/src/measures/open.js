import { join } from 'node:path';
import { SqliteBackend, sqliteMigrations } from '@infer/backend-sqlite';
import { assertSeeded, expectDatabase } from '../lib/ledger.js';

/** Measure 3: opening the SQLite backend with nothing pending, against better-sqlite3 + one ledger query. */
export async function openMeasure(ws) {
  const path = join(ws.root, 'open.db');
  // Fully migrated once, before measuring; every run must leave it exactly so.
  const backend = await SqliteBackend.open({ config: { path } });
  await backend.close();
  const expected = { ledgerRows: sqliteMigrations.length, journalMode: 'wal' };
  assertSeeded(expectDatabase(path, expected));

  const side = (label, script, check) => ({
    label,
    command: () => ({ argv: [ws.node, join(ws.childrenDir, script), path], cwd: ws.root, env: ws.env }),
    verify(run) {
      const problem = check(JSON.parse(run.stdout.trim().split('\n').pop() || '{}'));
      return problem ?? expectDatabase(path, expected);
    },
  });
  return {
    id: 'open',
    title: 'open the SQLite backend, nothing pending, close (`SqliteBackend.open`)',
    floorTitle: 'better-sqlite3, same pragmas, one ledger query',
    target: 1.05,
    a: side('SqliteBackend.open', 'open-engine.js', (out) =>
      out.type === 'sqlite' ? undefined : `printed ${JSON.stringify(out)}`,
    ),
    b: side('raw better-sqlite3', 'open-raw.js', (out) =>
      out.ledger === sqliteMigrations.length
        ? undefined
        : `read ${out.ledger} ledger rows, expected ${sqliteMigrations.length}`,
    ),
  };
}
