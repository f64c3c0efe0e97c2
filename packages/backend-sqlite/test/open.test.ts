import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ErrorCode } from '@infer/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteBackend, sqliteMigrations } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';

const now = '2026-01-01T00:00:00Z';
const conversation = { metadata: { id: 'c1', title: 'Hello', created_at: now, updated_at: now }, entries: [] };

describe('SqliteBackend.open({ config?, client?, ...options })', () => {
  it('checks config as the CLI checks storage.sqlite, in one line, and creates nothing', async () => {
    const path = tempDatabasePath();
    for (const [config, expected] of [
      [{ path, busy_timeout: -1 }, 'storage.sqlite.busy_timeout: must be 0 or more seconds'],
      [{ path, file: 'x.db' }, 'storage.sqlite.file: unknown key (check its spelling against the documentation)'],
      [{ path: ' ' }, 'storage.sqlite.path: must be a file path, e.g. ~/.infer/conversations.db'],
    ] as const) {
      await expect(SqliteBackend.open({ config: config as never })).rejects.toMatchObject({
        code: ErrorCode.Configuration,
        message: expected,
      });
    }
    expect(existsSync(dirname(path))).toBe(true);
    expect(existsSync(path)).toBe(false);
  });

  it('resolves a relative path from the current directory, as a path from the environment is', async () => {
    const path = tempDatabasePath();
    const before = process.cwd();
    process.chdir(dirname(path));
    try {
      await (await SqliteBackend.open({ config: { path: basename(path) } })).close();
    } finally {
      process.chdir(before);
    }
    expect(existsSync(path)).toBe(true);
  });

  it("uses an application's own connection, migrates it, and never closes it", async () => {
    const client = new Database(tempDatabasePath());
    try {
      const backend = await SqliteBackend.open({ client });
      await backend.save(conversation);
      expect((await backend.migrationStatus()).map((s) => s.state)).toEqual(sqliteMigrations.map(() => 'applied'));
      await backend.close();
      expect(client.open).toBe(true);
      expect(client.prepare('SELECT id FROM conversations').all()).toEqual([{ id: 'c1' }]);
    } finally {
      client.close();
    }
  });

  it('refuses a file that does not exist with create: false, and creates nothing', async () => {
    const path = tempDatabasePath();
    await expect(SqliteBackend.open({ config: { path }, create: false })).rejects.toMatchObject({
      code: ErrorCode.Configuration,
      message: `there is no SQLite database at ${path}; nothing was created`,
    });
    expect(existsSync(path)).toBe(false);
  });
});
