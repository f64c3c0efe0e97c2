// pg-apply, the floor: pg by hand on one connection, the same lock, ledger and transactions as the engine.
// Usage: node pg-apply-raw.js <database> <count>
import pg from 'pg';
import { POSTGRES } from '../lib/services.js';
import { CREATE_PG_LEDGER, PG_LOCK_KEY as LOCK_KEY, generateMigrations } from '../lib/shapes.js';

const [database, count] = process.argv.slice(2);
const client = new pg.Client({ ...POSTGRES, database });
await client.connect();
await client.query('SELECT pg_advisory_lock($1::bigint)', [LOCK_KEY]);
await client.query(CREATE_PG_LEDGER);
const done = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
let applied = 0;
for (const migration of generateMigrations(Number(count), { timestamp: 'TIMESTAMPTZ' })) {
  if (done.has(migration.version)) continue;
  // The ledger read under the lock holds for the run: no re-check per migration (as the driver with
  // lock_mode session, its default).
  await client.query('BEGIN');
  await client.query(migration.up);
  await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [
    migration.version,
    migration.description,
    new Date(),
  ]);
  await client.query('COMMIT');
  applied++;
}
await client.query('SELECT pg_advisory_unlock($1::bigint)', [LOCK_KEY]);
await client.end();
process.stdout.write(`${JSON.stringify({ applied })}\n`);
