// Measure 3, our side: open the SQLite backend on a database with nothing pending, then close.
// Usage: node open-engine.js <db-path>
import { SqliteBackend } from '@infer/backend-sqlite';

const [path] = process.argv.slice(2);
const backend = await SqliteBackend.open({ config: { path } });
const type = backend.type;
await backend.close();
process.stdout.write(`${JSON.stringify({ type })}\n`);
