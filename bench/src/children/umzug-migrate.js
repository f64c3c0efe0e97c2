// The umzug peer of apply (`up`) and cli-status (`pending`): a user's migration script. Migrations
// are umzug's documented SQL layout (`*.up.sql` found by its glob, `*.down.sql` beside), run with
// better-sqlite3 (same pragmas as our backend); its storage is a table of the same database.
// `migrating` opens a transaction and `migrated` commits it, so each migration and its ledger row
// commit together, as ours do. umzug itself has no lock.
// Usage: node umzug-migrate.js up|pending <migrations dir> <db-path>
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Umzug } from 'umzug';
import { BUSY_TIMEOUT_MS, LEDGERS } from '../lib/shapes.js';

const [command, dir, path] = process.argv.slice(2);
const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`CREATE TABLE IF NOT EXISTS ${LEDGERS.umzug} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
// Prepared once, the way our driver and the floor prepare their ledger statements.
const record = db.prepare(`INSERT INTO ${LEDGERS.umzug} (name, applied_at) VALUES (?, ?)`);
const unrecord = db.prepare(`DELETE FROM ${LEDGERS.umzug} WHERE name = ?`);
const executed = db.prepare(`SELECT name FROM ${LEDGERS.umzug} ORDER BY name`).pluck();

const umzug = new Umzug({
  migrations: {
    glob: `${dir}/*.up.sql`,
    resolve: ({ name, path: file, context }) => ({
      name,
      up: async () => context.exec(readFileSync(file, 'utf8')),
      down: async () => context.exec(readFileSync(file.replace(/\.up\.sql$/, '.down.sql'), 'utf8')),
    }),
  },
  context: db,
  storage: {
    logMigration: async ({ name }) => void record.run(name, new Date().toISOString()),
    unlogMigration: async ({ name }) => void unrecord.run(name),
    executed: async () => executed.all(),
  },
  logger: undefined,
});
umzug.on('migrating', () => db.exec('BEGIN IMMEDIATE'));
umzug.on('migrated', () => db.exec('COMMIT'));

try {
  const names = await (command === 'up' ? umzug.up() : umzug.pending());
  process.stdout.write(`${JSON.stringify({ [command === 'up' ? 'applied' : 'pending']: names.length })}\n`);
} finally {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
}
