// pg-status, the floor: connect with pg, read the ledger, print it in one write.
// Usage: node pg-status-raw.js <database>
import { printPgLedger } from '../lib/pg-ledger.js';

await printPgLedger(process.argv[2]);
