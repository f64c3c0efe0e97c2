// Measure 2, the floor: better-sqlite3 by hand, the same per-migration transactions as the engine.
// Usage: node apply-raw.js <db-path> <count>
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, CREATE_LEDGER, generateMigrations } from '../lib/shapes.js';

const [path, count] = process.argv.slice(2);
const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
db.pragma('schema_version');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -2000'); // as SqliteMigrationDriver.open
db.exec(CREATE_LEDGER);
const seen = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
const record = db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)');
let applied = 0;
for (const migration of generateMigrations(Number(count))) {
  db.exec('BEGIN IMMEDIATE');
  if (seen.get(migration.version)) {
    db.exec('ROLLBACK');
    continue;
  }
  db.exec(migration.up);
  record.run(migration.version, migration.description, new Date().toISOString());
  db.exec('COMMIT');
  applied++;
}
db.close();
process.stdout.write(`${JSON.stringify({ applied })}\n`);
