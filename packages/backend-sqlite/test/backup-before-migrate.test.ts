import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Migrator } from '@infer/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteMigrationDriver, sqliteMigrations } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';
import { dumpDatabase, dumpTable } from './legacy-database.js';

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
    const migrating = SqliteMigrationDriver.open(path);
    await new Migrator({ driver: migrating, migrations: sqliteMigrations }).up();
    await migrating.close();
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
