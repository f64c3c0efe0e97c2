// The knex peer of apply and pg-apply: a user's script running `knex.migrate.latest()` with the
// project's knexfile (setup/peer-projects.js); the database comes from BENCH_DATABASE.
// Usage: BENCH_DATABASE=<file or database> node knex-latest.js <project dir>
import { createRequire } from 'node:module';
import { join } from 'node:path';
import knex from 'knex';

const [project] = process.argv.slice(2);
const db = knex(createRequire(import.meta.url)(join(project, 'knexfile.js')));
try {
  const [, log] = await db.migrate.latest();
  process.stdout.write(`${JSON.stringify({ applied: log.length })}\n`);
} finally {
  await db.destroy();
}
