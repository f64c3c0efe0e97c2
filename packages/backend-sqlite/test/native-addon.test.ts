import { describe, expect, it, vi } from 'vitest';

// An install that puts better-sqlite3's addon somewhere else than build/Release (a layout
// require.resolve does not know): the addon's path is not handed over, and better-sqlite3's own copy
// is used, whose `bindings` looks for the addon from better-sqlite3's directory.
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return { ...fs, existsSync: (path: string) => !String(path).endsWith('better_sqlite3.node') && fs.existsSync(path) };
});

describe('opening a database when the addon is not where its install usually puts it', () => {
  it('opens it with better-sqlite3 as installed, which finds its addon itself', async () => {
    const { openDatabase } = await import('../src/native-addon.js');
    const db = openDatabase(':memory:');
    try {
      expect(db.prepare('SELECT 41 + 1 AS answer').get()).toEqual({ answer: 42 });
    } finally {
      db.close();
    }
  });
});
