// pg-apply-pgbouncer, the floor: pg by hand on one connection through PgBouncer in transaction
// pooling (BENCH_POSTGRES_PORT is PgBouncer's), the lock taken per transaction as the driver takes
// it there: no lock outlives a transaction, so every migration checks its ledger row under it.
// Usage: node pg-apply-pgbouncer-raw.js <database> <count>
import pg from 'pg';
import { POSTGRES } from '../lib/services.js';
import { CREATE_PG_LEDGER, PG_LOCK_KEY, generateMigrations } from '../lib/shapes.js';

const [database, count] = process.argv.slice(2);
const client = new pg.Client({ ...POSTGRES, database });
await client.connect();
const locked = async (work) => {
  await client.query('BEGIN');
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [PG_LOCK_KEY]);
  const result = await work();
  await client.query('COMMIT');
  return result;
};
await locked(() => client.query(CREATE_PG_LEDGER));
const done = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
let applied = 0;
for (const migration of generateMigrations(Number(count), { timestamp: 'TIMESTAMPTZ' })) {
  if (done.has(migration.version)) continue;
  applied += await locked(async () => {
    const seen = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
    if (seen.rowCount > 0) return 0;
    await client.query(migration.up);
    await client.query('INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [
      migration.version,
      migration.description,
      new Date(),
    ]);
    return 1;
  });
}
await client.end();
process.stdout.write(`${JSON.stringify({ applied })}\n`);
