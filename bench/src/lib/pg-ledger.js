import pg from 'pg';
import { POSTGRES } from './services.js';

/**
 * What any PostgreSQL status has to do at the least: connect with pg, read the ledger in version
 * order, print it in one write. The pg-status floor runs it as a script (children/pg-status-raw.js),
 * the oclif floor as its `ledger` command (setup/floor.js).
 */
export async function printPgLedger(database) {
  const client = new pg.Client({ ...POSTGRES, database });
  await client.connect();
  const { rows } = await client.query(
    'SELECT version, description, applied_at FROM schema_migrations ORDER BY version',
  );
  await client.end();
  const lines = rows.map((row) => `  ${row.version}: ${row.description} (applied ${row.applied_at.toISOString()})`);
  process.stdout.write(`Migration Status:\n\n${lines.join('\n')}\n`);
}
