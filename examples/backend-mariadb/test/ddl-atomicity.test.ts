import { readFileSync } from 'node:fs';
import { ErrorCode, type Migration, isInferError } from '@infer/core';
import { rejection, withMigrator } from '@infer/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { mariadbMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, mariadbDatabase, mariadbEnabled, queryRows } from './database.js';

const versions = async (database: string) =>
  (await queryRows<{ version: string }>(database, 'SELECT version FROM schema_migrations ORDER BY version')).map(
    (r) => r.version,
  );
const tables = async (database: string) =>
  (
    await queryRows<{ name: string }>(
      database,
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1',
      [database],
    )
  )
    .map((r) => r.name)
    .sort();

/** Two DDL statements and a failing third: MariaDB has committed the first two before the third runs. */
const halfway = (fixed: boolean): Migration => ({
  version: '003',
  description: 'Add tags and notes',
  up: [
    'CREATE TABLE IF NOT EXISTS tags (id INT PRIMARY KEY);',
    'CREATE TABLE IF NOT EXISTS notes (id INT PRIMARY KEY);',
    fixed
      ? 'CREATE TABLE IF NOT EXISTS links (id INT PRIMARY KEY);'
      : 'CREATE TABLE links (id INT PRIMARY KEY, tag INT REFERENCES missing_table (id) ON DELETE CASCADE, ' +
        'FOREIGN KEY (tag) REFERENCES missing_table (id));',
  ].join('\n'),
  down: 'DROP TABLE IF EXISTS links; DROP TABLE IF EXISTS notes; DROP TABLE IF EXISTS tags;',
});

describe.runIf(mariadbEnabled)('MariaDB DDL is not transactional, and the backend says so', () => {
  afterAll(dropDatabases);

  it('a migration failing after DDL keeps and names committed statements, is unrecorded; fixed, reruns', async () => {
    const database = await createDatabase();
    const db = mariadbDatabase(database);
    const error = await rejection(withMigrator(db, [...mariadbMigrations, halfway(false)], (m) => m.up()));
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(error.version).toBe('003');
    expect(error.message).toMatch(
      new RegExp(
        /^migration 003 \(Add tags and notes\) failed: statement 3 of 3 \(line 3\): .+; statements 1-2 stay /.source +
          /applied, since MariaDB commits DDL/.source,
      ),
    );
    // The README quotes this message: it must be the one the backend prints.
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(/; (statements 1-2 stay applied, since MariaDB commits DDL) /.exec(error.message)?.[1]);
    expect(error.hint).toMatch(
      new RegExp(
        /^its data changes were rolled back, but this database commits DDL at once: the schema changes it made /
          .source + /before the failure stay/.source,
      ),
    );
    expect(await tables(database)).toEqual([
      'conversation_entries',
      'conversations',
      'notes',
      'schema_migrations',
      'tags',
      'user_preferences',
    ]);
    expect(await versions(database)).toEqual(['001', '002']);

    const results = await withMigrator(db, [...mariadbMigrations, halfway(true)], (m) => m.up());
    expect(results.map((r) => [r.version, r.outcome])).toEqual([['003', 'applied']]);
    expect(await versions(database)).toEqual(['001', '002', '003']);
  });

  it('DML in a failing migration is rolled back (InnoDB), with its ledger row', async () => {
    const database = await createDatabase();
    const db = mariadbDatabase(database);
    const inserting: Migration = {
      version: '003',
      description: 'Default preferences',
      up:
        "INSERT INTO user_preferences (id, user_id, settings) VALUES ('p1', 'u1', '{}');\n" +
        "INSERT INTO user_preferences (id, user_id, settings) VALUES ('p1', 'u1', '{}');",
    };
    const error = await rejection(withMigrator(db, [...mariadbMigrations, inserting], (m) => m.up()));
    expect(error.message).toMatch(
      /^migration 003 \(Default preferences\) failed: statement 2 of 2 \(line 2\): Duplicate entry 'p1'/,
    );
    expect(error.message).not.toContain('stay applied');
    expect(await queryRows(database, 'SELECT * FROM user_preferences')).toEqual([]);
    expect(await versions(database)).toEqual(['001', '002']);
  });
});
