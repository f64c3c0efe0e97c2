// pg-status, the floor: connect with pg, read the ledger, print it in one write.
// Usage: node pg-status-raw.js <database>
import pg from 'pg';
import { POSTGRES } from '../lib/services.js';

const [database] = process.argv.slice(2);
const client = new pg.Client({ ...POSTGRES, database });
await client.connect();
const { rows } = await client.query('SELECT version, description, applied_at FROM schema_migrations ORDER BY version');
await client.end();
const lines = rows.map((row) => `  ${row.version}: ${row.description} (applied ${row.applied_at.toISOString()})`);
process.stdout.write(`Migration Status:\n\n${lines.join('\n')}\n`);
