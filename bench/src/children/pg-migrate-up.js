// The node-pg-migrate peer of pg-apply: a user's script calling its programmatic `runner` on the
// SQL migrations of setup/peer-projects.js. `singleTransaction: false`: each migration in its own
// transaction with its ledger row (the default wraps the whole run in one); its advisory lock on.
// Usage: node pg-migrate-up.js <migrations dir> <database>
import { runner } from 'node-pg-migrate';
import { POSTGRES } from '../lib/services.js';
import { LEDGERS } from '../lib/shapes.js';

const [dir, database] = process.argv.slice(2);
const applied = await runner({
  databaseUrl: { ...POSTGRES, database },
  dir,
  direction: 'up',
  migrationsTable: LEDGERS.nodePgMigrate,
  singleTransaction: false,
  log: () => {},
});
process.stdout.write(`${JSON.stringify({ applied: applied.length })}\n`);
