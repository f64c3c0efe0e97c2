import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { type EngineDatabase, runEngineFeatureSuite, withMigrator } from '@infer/core/testing';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteMigrationDriver, sqliteMigrations } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';
import { createLegacyDatabase, dumpDatabase, dumpTable } from './legacy-database.js';

/** A database file at `path` (created empty if missing), reached through the driver or a connection of its own. */
function sqliteDatabase(path: string): EngineDatabase {
  const byHand = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  byHand(() => {});
  return {
    driver: () => SqliteMigrationDriver.open(path),
    exec: async (sql) => byHand((db) => void db.exec(sql)),
    query: async <Row>(sql: string) => byHand((db) => db.prepare(sql).all() as Row[]),
    dump: async () => dumpDatabase(path),
  };
}

runEngineFeatureSuite({
  name: 'SQLite',
  migrations: sqliteMigrations,
  create: async () => sqliteDatabase(tempDatabasePath()),
  createLegacy: async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    return sqliteDatabase(path);
  },
});

describe('SQLite backups before migrating', () => {
  const backupsBeside = (path: string) =>
    readdirSync(dirname(path))
      .filter((name) => name.includes('.backup-'))
      .sort();

  it('copies nothing for a new empty file', async () => {
    const path = tempDatabasePath();
    const driver = SqliteMigrationDriver.open(path);
    try {
      expect(await driver.backup({ keep: 2 })).toBeUndefined();
    } finally {
      await driver.close();
    }
    expect(backupsBeside(path)).toEqual([]);
  });

  it('writes a consistent copy beside the file and keeps the newest two', async () => {
    const path = tempDatabasePath();
    const db = sqliteDatabase(path);
    await withMigrator(db, sqliteMigrations, (m) => m.up());
    const writer = new Database(path);
    const driver = SqliteMigrationDriver.open(path);
    const backups: string[] = [];
    try {
      for (const id of ['p1', 'p2', 'p3']) {
        writer.prepare("INSERT INTO user_preferences (id, user_id, settings) VALUES (?, 'u1', '{}')").run(id);
        // Uncommitted while the copy is taken: a consistent copy does not have it.
        writer.exec("BEGIN; INSERT INTO user_preferences (id, user_id, settings) VALUES ('uncommitted', 'u1', '{}')");
        backups.push((await driver.backup({ keep: 2 }))!);
        writer.exec('ROLLBACK');
      }
    } finally {
      await driver.close();
      writer.close();
    }
    expect(new Set(backups).size).toBe(3);
    for (const backup of backups) expect(dirname(backup)).toBe(dirname(path));
    expect(backupsBeside(path)).toEqual(backups.slice(1).map((backup) => basename(backup)));
    expect(dumpDatabase(backups[2]!)).toEqual(dumpDatabase(path));
    expect(dumpTable(backups[1]!, 'user_preferences')).toMatchObject([{ id: 'p1' }, { id: 'p2' }]);
  });
});
