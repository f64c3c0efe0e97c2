// backup-under-writer: one backup of the database through the SQLite driver (what `infer migrate`
// takes before applying), alone or while another process (backup-writer.js) writes every 10 ms.
// Usage: node backup-run.js <db-path> alone|writer
// Prints {ms, backup, writes}: ms is the time of `driver.backup()` only; writes the rows the other
// process committed meanwhile.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SqliteMigrationDriver } from '@infer/backend-sqlite';

const [path, mode] = process.argv.slice(2);
const lastRow = () => {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT max(id) AS id FROM bulk').get().id;
  } finally {
    db.close();
  }
};

let writer;
if (mode === 'writer') {
  writer = spawn(process.execPath, [fileURLToPath(new URL('backup-writer.js', import.meta.url)), path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = await once(writer.stdout, 'data');
  if (!String(chunk).includes('ready')) throw new Error(`the writer printed ${chunk}`);
}
const driver = SqliteMigrationDriver.open(path);
let backup;
let ms;
const before = lastRow();
try {
  const started = process.hrtime.bigint();
  backup = await driver.backup({ keep: 1 });
  ms = Number(process.hrtime.bigint() - started) / 1e6;
} finally {
  await driver.close();
}
const writes = lastRow() - before;
if (writer) {
  writer.kill('SIGTERM');
  await once(writer, 'exit');
}
process.stdout.write(`${JSON.stringify({ ms, backup, writes })}\n`);
