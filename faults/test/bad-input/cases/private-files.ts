import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqliteBackend } from '@infer/backend-sqlite';
import { snapshot } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';
import { seedConversations } from '@infer/test-servers/conversations';
import { EXIT, type Case } from '../harness.js';

/** The database's files and every name beside it: a failed backup must leave no copy, whole or partial. */
const databaseAndBeside = (db: string) => () => ({ files: snapshot(db), beside: readdirSync(dirname(db)).sort() });

/** Content and mode of a file the user already had. */
const fileState = (path: string) => ({
  sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
  mode: (statSync(path).mode & 0o777).toString(8),
});

/** Stores conversation `full` in the database, so that an export reaches its output file. */
async function storeConversation(db: string): Promise<void> {
  const backend = await SqliteBackend.open({ config: { path: db } });
  try {
    await backend.save(seedConversations(0)[0]!);
  } finally {
    await backend.close();
  }
}

export const cases: readonly Case[] = [
  {
    // RLIMIT_FSIZE: writes past 500 KiB fail, as on a full disk; the database is 2 MB.
    name: 'a disk that fills up during the backup',
    args: ['migrate'],
    exit: EXIT.connection,
    error: new RegExp(
      /cannot back up SQLite database .*conversations\.db to .*\.backup-\d{8}T\d{9}Z: .*; the database /.source +
        /was left unchanged/.source,
    ),
    start: 'pending',
    setup: ({ db }) => {
      execSql(db, 'CREATE TABLE pad (x BLOB); INSERT INTO pad VALUES (zeroblob(2000000))');
      return { fileSizeLimitKb: 500, fingerprint: databaseAndBeside(db) };
    },
  },
  {
    name: 'conversations export onto an existing file without --force',
    args: ['conversations', 'export', 'full', '--output', 'notes.json'],
    exit: EXIT.config,
    error: /notes\.json already exists; nothing was written/,
    setup: async ({ sb, db }) => {
      await storeConversation(db);
      const notes = join(sb.cwd, 'notes.json');
      writeFileSync(notes, 'my own notes\n');
      chmodSync(notes, 0o640);
      return { fingerprint: () => ({ notes: fileState(notes), db: snapshot(db) }) };
    },
  },
  {
    name: 'conversations export --force onto a directory',
    args: ['conversations', 'export', 'full', '--output', 'exports', '--force'],
    exit: EXIT.config,
    error: /^Error: --output exports is a directory; nothing was written\. Fix: .*--output exports\/full\.json$/,
    setup: async ({ sb, db }) => {
      await storeConversation(db);
      const exports = join(sb.cwd, 'exports');
      mkdirSync(exports);
      writeFileSync(join(exports, 'kept.json'), '{}\n');
      return {
        fingerprint: () => ({
          exports: readdirSync(exports),
          kept: fileState(join(exports, 'kept.json')),
          db: snapshot(db),
        }),
      };
    },
  },
  {
    name: 'a file where the database directory should be',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /cannot create directory .*notes\.txt for the SQLite database/,
    start: 'none',
    setup: ({ sb }) => {
      const notes = join(sb.root, 'notes.txt');
      writeFileSync(notes, 'not a directory\n');
      return {
        env: { INFER_STORAGE_SQLITE_PATH: join(notes, 'conversations.db') },
        fingerprint: () => fileState(notes),
      };
    },
  },
];
