import { type Migration, Migrator } from '@infer/core';
import { expect } from 'vitest';
import {
  PostgresMigrationDriver,
  type PostgresConfigInput,
  parsePostgresConfig,
  postgresMigrations,
} from '../src/index.js';
import { configFor } from './database.js';

/** A migration driver on its own pool for a test database; `readOnly` as `infer migrate --status` opens it. */
export const driverFor = (database: string, extra: PostgresConfigInput = {}, readOnly = false) =>
  PostgresMigrationDriver.open(parsePostgresConfig(configFor(database, extra)), { readOnly });

/** The error `promise` rejects with; fails the test if it resolves. */
export async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/** Applies `migrations` to `database` through the engine, as `infer migrate` does. */
export async function migrate(database: string, migrations: readonly Migration[], extra: PostgresConfigInput = {}) {
  const driver = driverFor(database, extra);
  try {
    return await new Migrator({ driver, migrations }).up();
  } finally {
    await driver.close();
  }
}

/** The state of each shipped migration, read through a read-only driver. */
export async function status(database: string) {
  const driver = driverFor(database, {}, true);
  try {
    return (await new Migrator({ driver, migrations: postgresMigrations }).status()).map((s) => s.state);
  } finally {
    await driver.close();
  }
}
