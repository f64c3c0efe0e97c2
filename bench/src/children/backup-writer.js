// backup-under-writer, the other process: inserts one row every 10 ms into the database being
// backed up, as an application using it would. Prints `ready` after its first write; exits on SIGTERM.
// Usage: node backup-writer.js <db-path>
import Database from 'better-sqlite3';

const [path] = process.argv.slice(2);
const db = new Database(path, { timeout: 30_000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const insert = db.prepare('INSERT INTO bulk (b) VALUES (randomblob(100))');
insert.run();
process.stdout.write('ready\n');
setInterval(() => insert.run(), 10);
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
