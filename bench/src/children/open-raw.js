// Measure 3, the floor: better-sqlite3 with the backend's pragmas and one ledger query.
// Usage: node open-raw.js <db-path>
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from '../lib/shapes.js';

const [path] = process.argv.slice(2);
const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
db.pragma('schema_version');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const ledger = db.prepare('SELECT version FROM schema_migrations').all();
db.close();
process.stdout.write(`${JSON.stringify({ ledger: ledger.length })}\n`);
