// cli-status, the raw floor among its peers: better-sqlite3 reads the ledger and prints it in one write.
// Usage: node status-raw.js <db-path>
import Database from 'better-sqlite3';

const [path] = process.argv.slice(2);
const db = new Database(path, { readonly: true, fileMustExist: true });
const rows = db.prepare('SELECT version, description, applied_at FROM schema_migrations ORDER BY version').all();
db.close();
const lines = rows.map((row) => `  ${row.version}: ${row.description} (applied ${row.applied_at})`);
process.stdout.write(`Migration Status:\n\n${lines.join('\n')}\n`);
