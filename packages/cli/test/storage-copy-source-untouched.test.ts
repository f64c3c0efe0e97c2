import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, infer, listing, sandbox, snapshot, writeConfig } from '@infer/test-servers/cli';
import { Database } from '@infer/test-servers/sqlite';
import { seedConversations } from '@infer/test-servers/conversations';
import { type Store, dump, runs, seed, sqliteStore } from './stores.js';

function journalMode(path: string): string {
  const db = new Database(path);
  try {
    return (db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode;
  } finally {
    db.close();
  }
}

function copy(sb: ReturnType<typeof sandbox>, from: Store | string, to: Store) {
  return infer(sb, ['storage', 'copy', '--config', typeof from === 'string' ? from : from.config, '--to', to.config]);
}

describe.runIf(runs('sqlite'))('infer storage copy never touches its source', () => {
  it('a missing source is one line with the fix, and nothing is created, the target included', () => {
    const sb = sandbox();
    const source = writeConfig(
      sb,
      `storage:\n  type: sqlite\n  sqlite:\n    path: ${join(sb.root, 'nowhere', 'source.db')}\n`,
      join(sb.root, 'source.yaml'),
    );
    const target = sqliteStore(sb, 'target');
    const before = listing(sb.root);
    expectOneLineError(
      copy(sb, source, target),
      3,
      /there is no SQLite database at .*nowhere\/source\.db; nothing was created\. Fix: .*storage\.sqlite\.path/,
    );
    expect(listing(sb.root)).toEqual(before);
  });

  it('a source in rollback-journal mode keeps its bytes, its journal mode and gains no -wal or -shm', async () => {
    const sb = sandbox();
    const [source, target] = [sqliteStore(sb, 'source'), sqliteStore(sb, 'target')];
    await seed(source, seedConversations(3));
    const path = join(sb.root, 'source.db');
    const db = new Database(path);
    db.exec('PRAGMA journal_mode = DELETE');
    db.close();
    expect(journalMode(path)).toBe('delete');
    const before = snapshot(path);
    expect(before).toMatchObject({ wal: null, shm: null, journal: null });

    const result = copy(sb, source, target);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Copied 5 conversations');
    expect(snapshot(path)).toEqual(before);
    expect(journalMode(path)).toBe('delete');
    expect(Object.keys(await dump(target)).sort()).toEqual(['full', 'parts', 'plain-000', 'plain-001', 'plain-002']);
  });

  // The -shm is SQLite's shared lock and index memory, which every reader of a WAL database writes
  // (its read marks): it stays, but not byte for byte.
  it('a WAL source with committed pages in its -wal keeps the file and -wal as they were, and its -shm', async () => {
    const sb = sandbox();
    const [live, target] = [sqliteStore(sb, 'live'), sqliteStore(sb, 'target')];
    await seed(live, seedConversations(2));
    // A copy taken while a connection holds pages in the -wal: what a crash leaves behind.
    const holder = new Database(join(sb.root, 'live.db'));
    holder.exec("PRAGMA wal_autocheckpoint = 0; DELETE FROM conversations WHERE id = 'plain-000'");
    for (const suffix of ['', '-wal', '-shm'])
      copyFileSync(join(sb.root, `live.db${suffix}`), join(sb.root, `source.db${suffix}`));
    holder.close();
    const source = sqliteStore(sb, 'source');
    const path = join(sb.root, 'source.db');
    const before = snapshot(path);
    expect(before.wal).not.toBeNull();

    const result = copy(sb, source, target);
    expect(result.code, result.stderr).toBe(0);
    expect(snapshot(path)).toEqual({ ...before, shm: expect.any(String) });
    // The deletion committed to the -wal was read.
    expect(Object.keys(await dump(target)).sort()).toEqual(['full', 'parts', 'plain-001']);
  });
});
