import { ErrorCode, type Migration, isInferError } from '@infer/core';
import { type EngineDatabase, rejection, withMigrator } from '@infer/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PostgresMigrationDriver,
  type PostgresConfigInput,
  parsePostgresConfig,
  postgresMigrations,
} from '../src/index.js';
import { configFor, createDatabase, dropDatabases, dumpDatabase, postgresEnabled, withClient } from './database.js';

/** A test database, reached through a driver of its own or a plain client. */
function postgresDatabase(database: string, extra: PostgresConfigInput = {}): EngineDatabase {
  return {
    driver: async () => PostgresMigrationDriver.open(parsePostgresConfig(configFor(database, extra))),
    exec: async (sql) => void (await withClient(database, (client) => client.query(sql))),
    query: async <Row>(sql: string) => withClient(database, async (client) => (await client.query(sql)).rows as Row[]),
    dump: async () => {
      const [schema, full] = [await dumpDatabase(database, { schemaOnly: true }), await dumpDatabase(database)];
      return { schema: schema.dump, data: full.dump, ledger: full.ledger as Record<string, unknown>[] };
    },
  };
}

describe.runIf(postgresEnabled)('PostgreSQL engine features of its own', () => {
  afterAll(dropDatabases);

  const concurrently = (options: Partial<Migration> = {}): Migration => ({
    version: '004',
    description: 'Index titles concurrently',
    up: 'CREATE INDEX CONCURRENTLY idx_conversations_title ON conversations (title);',
    down: 'DROP INDEX CONCURRENTLY IF EXISTS idx_conversations_title;',
    ...options,
  });

  it('applies CREATE INDEX CONCURRENTLY in a transaction: false migration (lock_mode session)', async () => {
    const db = postgresDatabase(await createDatabase(), { lock_mode: 'session' });
    const results = await withMigrator(db, [...postgresMigrations, concurrently({ transaction: false })], (m) =>
      m.up(),
    );
    expect(results.at(-1)).toMatchObject({ version: '004', outcome: 'applied' });
    expect(
      await db.query(
        'SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ' +
          "'idx_conversations_title'",
      ),
    ).toEqual([{ indisvalid: true }]);
    expect((await db.dump()).ledger.map((row) => row.version)).toEqual(['001', '002', '003', '004']);
  });

  it('refuses CREATE INDEX CONCURRENTLY in a migration that keeps its transaction, before anything runs', async () => {
    const db = postgresDatabase(await createDatabase());
    await withMigrator(db, postgresMigrations, (m) => m.up());
    const before = await db.dump();
    const error = await rejection(withMigrator(db, [...postgresMigrations, concurrently()], (m) => m.up()));
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(error.message).toContain(
      'migration 004 (Index titles concurrently) CREATE INDEX CONCURRENTLY cannot run inside a transaction ' +
        'block (line 1) cannot run in a transaction: set "transaction: false" on the migration',
    );
    expect(await db.dump()).toEqual(before);
  });

  it('lints in a scratch schema that does not outlive the lint', async () => {
    const db = postgresDatabase(await createDatabase());
    const typo: Migration = {
      version: '004',
      description: 'Typo',
      up: 'CREAT TABLE typo (id INTEGER);',
      down: 'DROP TABLE typo;',
    };
    const problems = await withMigrator(db, [...postgresMigrations, typo], (m) => m.lint());
    expect(problems.map((p) => [p.version, p.rule])).toEqual([['004', 'syntax']]);
    expect(await db.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'infer\\_lint\\_%'")).toEqual([]);
  });
});
