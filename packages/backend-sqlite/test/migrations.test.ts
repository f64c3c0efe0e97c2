import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ErrorCode, type Migration, Migrator, isInferError } from '@infer/core';
import Database from 'better-sqlite3';
import { NEWER_MIGRATION, newerMigrationStatus, statusOf } from '@infer/test-servers';
import { describe, expect, it } from 'vitest';
import { SqliteBackend, SqliteMigrationDriver, sqliteMigrations } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';
import { dumpSchema, dumpTable } from './legacy-database.js';

const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/** Puts the ledger row of NEWER_MIGRATION, from a release that this code does not know, into `path`. */
function recordNewerMigration(path: string): void {
  const { version, description, appliedAt } = NEWER_MIGRATION;
  const db = new Database(path);
  db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
    version,
    description,
    appliedAt,
  );
  db.close();
}

describe('SQLite migrations through the engine', () => {
  it('rolls a migration that fails half-way back completely and runs nothing after it', async () => {
    const path = tempDatabasePath();
    const failing: Migration[] = [
      ...sqliteMigrations,
      {
        version: '004',
        description: 'Half good',
        up: 'CREATE TABLE half (x INTEGER); INSERT INTO half VALUES (1); CREATE TABLE broken (;',
      },
      { version: '005', description: 'Never runs', up: 'CREATE TABLE never (x INTEGER);' },
    ];
    const driver = SqliteMigrationDriver.open(path);
    await new Migrator({ driver, migrations: sqliteMigrations }).up();
    const [schema, ledger] = [dumpSchema(path), dumpTable(path, 'schema_migrations')];

    const error = (await thrown(new Migrator({ driver, migrations: failing }).up())) as {
      version: string;
      results: { outcome: string }[];
    };
    await driver.close();
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(error.version).toBe('004');
    expect(String(error)).toMatch(/migration 004 \(Half good\) failed: .*syntax error/);
    expect(error.results.map((r) => r.outcome)).toEqual(['failed', 'not-run']);
    expect(dumpSchema(path)).toEqual(schema);
    expect(dumpTable(path, 'schema_migrations')).toEqual(ledger);
  });

  it('fails 002 cleanly when its table already exists, naming the version and changing nothing', async () => {
    const path = tempDatabasePath();
    const driver = SqliteMigrationDriver.open(path);
    await new Migrator({ driver, migrations: sqliteMigrations.slice(0, 1) }).up();
    const db = new Database(path);
    db.exec("CREATE TABLE user_preferences (id TEXT); INSERT INTO user_preferences VALUES ('kept');");
    db.close();
    const [schema, ledger] = [dumpSchema(path), dumpTable(path, 'schema_migrations')];

    const error = await thrown(SqliteBackend.open({ config: { path } }));
    await driver.close();
    expect(isInferError(error, ErrorCode.Migration)).toBe(true);
    expect(String(error)).toContain(
      'migration 002 (Add user preferences table) failed: table user_preferences already exists',
    );
    expect(dumpSchema(path)).toEqual(schema);
    expect(dumpTable(path, 'schema_migrations')).toEqual(ledger);
    expect(dumpTable(path, 'user_preferences')).toEqual([{ id: 'kept' }]);
  });

  it('refuses duplicate or unsortable versions before anything runs, creating no file', async () => {
    const path = tempDatabasePath();
    const driver = SqliteMigrationDriver.open(path);
    const duplicate = [...sqliteMigrations, { version: '2', description: 'Clash', up: 'SELECT 1' }];
    const unsortable = [...sqliteMigrations, { version: 'v4', description: 'Letters', up: 'SELECT 1' }];
    expect(String(await thrown(new Migrator({ driver, migrations: duplicate }).up()))).toMatch(
      /duplicate migration version: "002".*"2"/,
    );
    expect(String(await thrown(new Migrator({ driver, migrations: unsortable }).up()))).toMatch(
      /"v4" .* is not sortable/,
    );
    await driver.close();
    expect(existsSync(path)).toBe(false);
  });

  it('reports status without writing: same bytes, same schema, same ledger', async () => {
    const path = tempDatabasePath();
    const driver = SqliteMigrationDriver.open(path);
    await new Migrator({ driver, migrations: sqliteMigrations.slice(0, 2) }).up();
    await driver.close();
    const [bytes, schema, ledger] = [hash(path), dumpSchema(path), dumpTable(path, 'schema_migrations')];

    const readOnly = SqliteMigrationDriver.open(path, { readOnly: true });
    const status = await new Migrator({ driver: readOnly, migrations: sqliteMigrations }).status();
    await readOnly.close();
    expect(status.map((s) => s.state)).toEqual(['applied', 'applied', 'pending']);
    expect(hash(path)).toBe(bytes);
    expect(readdirSync(dirname(path))).toEqual(['conversations.db']);
    expect(dumpSchema(path)).toEqual(schema);
    expect(dumpTable(path, 'schema_migrations')).toEqual(ledger);
  });

  it('reports a database that does not exist as all pending and creates nothing', async () => {
    const path = tempDatabasePath('nested/dir/conversations.db');
    const driver = SqliteMigrationDriver.open(path, { readOnly: true });
    const status = await new Migrator({ driver, migrations: sqliteMigrations }).status();
    await driver.close();
    expect(status.map((s) => s.state)).toEqual(['pending', 'pending', 'pending']);
    expect(existsSync(dirname(dirname(path)))).toBe(false);
  });

  it('shows ledger versions the code does not ship, never hiding them', async () => {
    const path = tempDatabasePath();
    await (await SqliteBackend.open({ config: { path } })).close();
    recordNewerMigration(path);
    const status = await statusOf(SqliteBackend.open({ config: { path }, migrate: false }));
    expect(status.at(-1)).toEqual(newerMigrationStatus('2027-01-01T00:00:00Z'));
  });

  it('refuses to migrate a database that is ahead of the code, changing nothing', async () => {
    const path = tempDatabasePath();
    const first = SqliteMigrationDriver.open(path);
    await new Migrator({ driver: first, migrations: sqliteMigrations.slice(0, 1) }).up();
    await first.close();
    recordNewerMigration(path);
    const before = hash(path);
    const driver = SqliteMigrationDriver.open(path);
    const error = await thrown(new Migrator({ driver, migrations: sqliteMigrations }).up());
    await driver.close();
    expect(isInferError(error, ErrorCode.DatabaseAhead)).toBe(true);
    expect(String(error)).toContain('migration 999 that this version of infer does not know');
    expect(hash(path)).toBe(before);
  });
});

describe("an application's own migrations", () => {
  it('run after the shipped ones in one sequence when the backend opens, and show in its status', async () => {
    const path = tempDatabasePath();
    const mine: Migration[] = [
      {
        version: '100',
        description: 'App notes',
        up: 'CREATE TABLE app_notes (id TEXT PRIMARY KEY);',
        down: 'DROP TABLE app_notes;',
      },
    ];
    const events: string[] = [];
    const backend = await SqliteBackend.open({
      config: { path },
      migrations: mine,
      onMigrationEvent: (e) => e.type === 'migration:end' && events.push(e.result.version),
    });
    expect(events).toEqual(['001', '002', '003', '100']);
    expect((await backend.migrationStatus()).map((s) => [s.version, s.state])).toEqual([
      ['001', 'applied'],
      ['002', 'applied'],
      ['003', 'applied'],
      ['100', 'applied'],
    ]);
    await backend.close();
    // Opened later without them, the database is ahead of that code: refused, not silently used.
    const error = await thrown(SqliteBackend.open({ config: { path } }));
    expect(isInferError(error, ErrorCode.DatabaseAhead)).toBe(true);
  });

  it('are checked like the shipped ones: a destructive one without acknowledgement is refused at open', async () => {
    const path = tempDatabasePath();
    const error = await thrown(
      SqliteBackend.open({
        config: { path },
        migrations: [{ version: '100', description: 'Wipe', up: 'DELETE FROM conversations;' }],
      }),
    );
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect(String(error)).toContain('migration 100 (Wipe) DELETE without WHERE');
  });
});

describe('SQLite bad input', () => {
  it('says a path that is a directory is a directory', async () => {
    const path = tempDatabasePath();
    const error = await thrown(SqliteBackend.open({ config: { path: dirname(path) } }));
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(String(error)).toContain('is a directory');
  });

  it('says a file that is not a database is not one, and leaves it byte-identical', async () => {
    for (const content of ['hello, this is a text file\n'.repeat(100), readFileSync(new URL(import.meta.url))]) {
      const path = tempDatabasePath('notes.txt');
      (await import('node:fs')).writeFileSync(path, content);
      const before = hash(path);
      const error = await thrown(SqliteBackend.open({ config: { path } }));
      expect(isInferError(error, ErrorCode.Connection)).toBe(true);
      expect(String(error)).toContain('is not a SQLite database');
      expect(hash(path)).toBe(before);
      expect(readdirSync(dirname(path))).toEqual(['notes.txt']);
    }
  });
});
