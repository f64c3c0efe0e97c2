import { join } from 'node:path';
import { listing, writeConfig } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';
import { EXIT, type Case, type Context, type Prepared } from '../harness.js';

/** Every file and directory under `root`: "nothing was created" (no directory, no file). */
const everythingUnder = (root: string) => () => listing(root);

/** storage.sqlite.path names a file in a directory that does not exist either. */
function missingPath({ sb }: Context): Prepared {
  return {
    env: { INFER_STORAGE_SQLITE_PATH: join(sb.root, 'nowhere', 'conversations.db') },
    fingerprint: everythingUnder(sb.root),
  };
}

const NO_DATABASE = new RegExp(
  /there is no SQLite database at .*conversations\.db; nothing was created\. Fix: run "infer migrate" to /.source +
    /create it, or check storage\.sqlite\.path/.source,
);

export const cases: readonly Case[] = [
  // Read commands create nothing: a missing SQLite file is exit 3, no directory and no file made.
  {
    name: 'conversations list on a SQLite path where nothing exists',
    args: ['conversations', 'list'],
    exit: EXIT.config,
    error: NO_DATABASE,
    start: 'none',
    setup: missingPath,
  },
  {
    name: 'conversations show on a SQLite path where nothing exists',
    args: ['conversations', 'show', 'x'],
    exit: EXIT.config,
    error: NO_DATABASE,
    start: 'none',
    setup: missingPath,
  },
  {
    name: 'conversations export on a SQLite path where nothing exists',
    args: ['conversations', 'export', 'x', '--format', 'markdown'],
    exit: EXIT.config,
    error: NO_DATABASE,
    start: 'none',
    setup: missingPath,
  },
  {
    name: 'conversations delete on a SQLite path where nothing exists',
    args: ['conversations', 'delete', 'x', '--yes'],
    exit: EXIT.config,
    error: NO_DATABASE,
    start: 'none',
    setup: missingPath,
  },
  {
    name: 'conversations list where the directory exists but the file does not',
    args: ['conversations', 'list', '--json'],
    exit: EXIT.config,
    error: NO_DATABASE,
    start: 'none',
    setup: ({ sb }) => ({ fingerprint: everythingUnder(sb.home) }),
  },
  {
    name: 'storage copy from a SQLite source that does not exist',
    args: ['storage', 'copy', '--to', 'target.yaml'],
    exit: EXIT.config,
    error: /there is no SQLite database at .*nowhere\/source\.db; nothing was created/,
    start: 'none',
    setup: ({ sb }) => {
      writeConfig(sb, `storage:\n  type: sqlite\n  sqlite:\n    path: ${join(sb.root, 'nowhere', 'source.db')}\n`);
      writeConfig(
        sb,
        `storage:\n  type: sqlite\n  sqlite:\n    path: ${join(sb.root, 'target.db')}\n`,
        join(sb.cwd, 'target.yaml'),
      );
      return { fingerprint: everythingUnder(sb.root) };
    },
  },
  {
    name: 'migrate down of a store holding conversations without --yes, not on a terminal',
    args: ['migrate', 'down', '--to', '001'],
    exit: EXIT.usage,
    error: new RegExp(
      /refusing to revert migrations 003, 002 of a store holding 1 conversation without confirmation: /.source +
        /stdin is not a terminal; pass --yes/.source,
    ),
    setup: ({ db }) => {
      execSql(
        db,
        'INSERT INTO conversations (id, title, messages, created_at, updated_at) ' +
          "VALUES ('kept', 'Kept', '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
      );
    },
  },
];
