// data-1m, the floor: better-sqlite3 by hand, the same walk (keyset batches by id) and one UPDATE per
// row, prepared once, in one BEGIN IMMEDIATE transaction together with the ledger row.
// Usage: node data-1m-raw.js <db-path>
// Prints {ms, changed, results} like data-1m-engine.js, timed the same way (open to close).
import Database from 'better-sqlite3';
import { BATCH_SIZE, DOUBLE_ITEMS } from '../lib/items.js';
import { BUSY_TIMEOUT_MS } from '../lib/shapes.js';

const [path] = process.argv.slice(2);
const started = process.hrtime.bigint();
const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
db.pragma('schema_version');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -2000'); // as SqliteMigrationDriver.open
const first = db.prepare(`SELECT id, n FROM items ORDER BY id LIMIT ${BATCH_SIZE}`);
const next = db.prepare(`SELECT id, n FROM items WHERE id > ? ORDER BY id LIMIT ${BATCH_SIZE}`);
const update = db.prepare('UPDATE items SET n = ? WHERE id = ?');
let changed = 0;
let outcome = 'skipped';
db.exec('BEGIN IMMEDIATE');
try {
  if (!db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(DOUBLE_ITEMS.version)) {
    for (let rows = first.all(); rows.length > 0; rows = rows.length < BATCH_SIZE ? [] : next.all(rows.at(-1).id)) {
      for (const row of rows) changed += update.run(row.n * 2, row.id).changes;
    }
    db.prepare('INSERT INTO schema_migrations (version, description, applied_at, checksum) VALUES (?, ?, ?, ?)').run(
      DOUBLE_ITEMS.version,
      DOUBLE_ITEMS.description,
      new Date().toISOString(),
      null,
    );
    outcome = 'applied';
  }
  db.exec('COMMIT');
} catch (error) {
  if (db.inTransaction) db.exec('ROLLBACK');
  throw error;
}
db.close();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, changed, results: [`${DOUBLE_ITEMS.version}:${outcome}`] })}\n`);
