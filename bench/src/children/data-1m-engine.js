// data-1m, our side: the engine runs one data migration doubling every n of 1M rows.
// Usage: node data-1m-engine.js <db-path>
// Prints {ms, changed, results}: ms is the time from opening the driver to closing it (the
// migration run, the commit and the checkpoint on close), without loading the modules.
import { Migrator } from '@infer/core';
import { SqliteMigrationDriver } from '@infer/backend-sqlite';
import { BATCH_SIZE, CREATE_ITEMS, DOUBLE_ITEMS } from '../lib/items.js';

const [path] = process.argv.slice(2);
let changed = 0;
const doubleItems = {
  ...DOUBLE_ITEMS,
  up: async (context) => {
    changed = await context.updateInBatches('items', (row) => ({ n: row.n * 2 }), { batchSize: BATCH_SIZE });
  },
};

const started = process.hrtime.bigint();
const driver = SqliteMigrationDriver.open(path);
let results;
try {
  results = await new Migrator({ driver, migrations: [CREATE_ITEMS, doubleItems] }).up();
} finally {
  await driver.close();
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ ms, changed, results: results.map((r) => `${r.version}:${r.outcome}`) })}\n`);
