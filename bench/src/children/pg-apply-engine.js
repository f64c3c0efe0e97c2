// pg-apply, our side: the migration engine applies N generated migrations to a new PostgreSQL database.
// Usage: node pg-apply-engine.js <database> <count>
import { Migrator } from '@infer/core';
import { PostgresMigrationDriver, parsePostgresConfig } from '@infer/backend-postgres';
import { backendPostgresConfig } from '../lib/services.js';
import { generateMigrations } from '../lib/shapes.js';

const [database, count] = process.argv.slice(2);
const config = parsePostgresConfig(backendPostgresConfig(database));
const driver = PostgresMigrationDriver.open(config);
try {
  const migrations = generateMigrations(Number(count), { timestamp: 'TIMESTAMPTZ' });
  const results = await new Migrator({ driver, migrations }).up();
  const applied = results.filter((r) => r.outcome === 'applied').length;
  process.stdout.write(`${JSON.stringify({ applied })}\n`);
} finally {
  await driver.close();
}
