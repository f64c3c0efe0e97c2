import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { type Migration, Migrator } from '@infer/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteMigrationDriver, sqliteMigrations } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';
import { createLegacyDatabase } from './legacy-database.js';

/** The first pending migration of a database of an earlier release (001 applied), failing at its second statement. */
const FAILING: Migration = {
  version: '002',
  description: 'fails',
  up: 'CREATE TABLE half (x TEXT);\nINSERT INTO no_such_table VALUES (1);\n',
};

const hashOf = (path: string) =>
  existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
const files = (path: string) => ({
  db: hashOf(path),
  wal: hashOf(`${path}-wal`),
  shm: hashOf(`${path}-shm`),
  journal: hashOf(`${path}-journal`),
});

/** Through a read-write connection: a read-only one leaves -wal and -shm files beside a WAL database. */
function ledgerColumns(path: string): string[] {
  const db = new Database(path);
  try {
    return (db.pragma('table_info(schema_migrations)') as { name: string }[]).map((column) => column.name);
  } finally {
    db.close();
  }
}

async function runFailing(path: string, migrations: readonly Migration[]): Promise<unknown> {
  const driver = SqliteMigrationDriver.open(path);
  try {
    return await new Migrator({ driver, migrations }).up().catch((error: unknown) => error);
  } finally {
    await driver.close();
  }
}

describe('a migration run that fails on a database of an earlier release', () => {
  it('leaves the file byte-identical and the ledger without the checksum column', async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    const before = files(path);
    expect(ledgerColumns(path)).toEqual(['version', 'description', 'applied_at']);

    const error = await runFailing(path, [sqliteMigrations[0]!, FAILING]);

    expect(error).toMatchObject({ code: 'E_MIGRATION' });
    expect(ledgerColumns(path)).toEqual(['version', 'description', 'applied_at']);
    expect(files(path)).toEqual(before);
  });

  it('adds the checksum column with the first migration that succeeds', async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    const succeeding: Migration = { version: '002', description: 'works', up: 'CREATE TABLE works (x TEXT);' };

    const error = await runFailing(path, [sqliteMigrations[0]!, succeeding, { ...FAILING, version: '003' }]);

    expect(error).toMatchObject({ code: 'E_MIGRATION' });
    expect(ledgerColumns(path)).toEqual(['version', 'description', 'applied_at', 'checksum']);
  });

  it('creates no ledger in a database without one when the first migration fails', async () => {
    const path = tempDatabasePath();
    const db = new Database(path);
    db.pragma('journal_mode = WAL'); // as infer leaves its databases: opening one for migrations switches it to WAL
    db.exec('CREATE TABLE mine (x TEXT)');
    db.close();
    const before = files(path);

    await runFailing(path, [{ ...FAILING, version: '001' }]);

    expect(files(path)).toEqual(before);
  });
});
