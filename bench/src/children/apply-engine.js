// Measure 2, our side: the migration engine applies N generated migrations to a new file.
// Usage: node apply-engine.js <db-path> <count>
import { Migrator } from '@infer/core';
import { SqliteMigrationDriver } from '@infer/backend-sqlite';
import { generateMigrations } from '../lib/shapes.js';

const [path, count] = process.argv.slice(2);
const driver = SqliteMigrationDriver.open(path);
try {
  const results = await new Migrator({ driver, migrations: generateMigrations(Number(count)) }).up();
  const applied = results.filter((r) => r.outcome === 'applied').length;
  process.stdout.write(`${JSON.stringify({ applied })}\n`);
} finally {
  await driver.close();
}
