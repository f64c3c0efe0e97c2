import { createDatabase, openClient, postgresSettings } from '@infer/test-servers/postgres';
import type pg from 'pg';
import { PostgresBackend, type PostgresConfigInput } from '../src/index.js';

// The shared server's test databases, for this package's tests as for every other's.
export * from '@infer/test-servers/postgres';

/** Backend settings for a test database (the role of the shared server, its default ssl_mode). */
export function configFor(database: string, extra: PostgresConfigInput = {}): PostgresConfigInput {
  return { ...postgresSettings(database), ...extra };
}

/**
 * A plain client of a new database the backend has migrated, for reading its catalogue; end it, and
 * call `dropDatabases`, after the file.
 */
export async function openMigratedDatabase(): Promise<pg.Client> {
  const database = await createDatabase();
  await (await PostgresBackend.open({ config: configFor(database) })).close();
  return openClient(database);
}
