import { join } from 'node:path';
import { writeConfig } from '@infer/test-servers/cli';
import { Database } from '@infer/test-servers/sqlite';
import { EXIT, type Case } from '../harness.js';

/**
 * Hostile stored data, written straight into the SQLite file as another program could: nested far
 * deeper than core's DOCUMENT_LIMITS (100 levels; 100 000 here, past any recursion), larger than
 * them (64 MiB), and ids with control characters. Exit 14 names the conversation; the others stay usable.
 */
const DEEP = 100_000;
const deepJson = (bottom: string) => '['.repeat(DEEP) + bottom + ']'.repeat(DEEP);
const AT = '2026-01-01T00:00:00Z';

/** A row of `conversations`; `messages` and `metadata` are SQL expressions, `@text` the parameter they may use. */
function insert(
  db: string,
  id: string,
  { messages = "'[]'", metadata = 'NULL' }: { messages?: string; metadata?: string } = {},
  text = '',
): void {
  const conn = new Database(db);
  try {
    conn
      .prepare(
        'INSERT INTO conversations (id, title, count, messages, created_at, updated_at, metadata) VALUES (@id, ' +
          `@title, 1, ${messages}, @at, @at, ${metadata})`,
      )
      .run({ id, title: `Title of ${id}`, at: AT, ...(text === '' ? {} : { text }) });
  } finally {
    conn.close();
  }
}

/** Entries nested 100 000 deep, and one ordinary conversation. */
const deepEntries = ({ db }: { db: string }) => {
  insert(db, 'deep', { messages: '@text' }, `[{"message":{"role":"user","content":${deepJson('"x"')}}}]`);
  insert(db, 'plain');
  return undefined;
};

/** A metadata document with a field nested 100 000 deep: even its summary is beyond the limit. */
const deepMetadata = ({ db }: { db: string }) => {
  insert(
    db,
    'deep-meta',
    { metadata: '@text' },
    JSON.stringify({ id: 'deep-meta', title: 'Deep', created_at: AT, updated_at: AT }).replace(
      /}$/,
      `,"x":${deepJson('1')}}`,
    ),
  );
  insert(db, 'plain');
  return undefined;
};

export const cases: readonly Case[] = [
  {
    name: 'show of a conversation nested 100 000 deep',
    args: ['conversations', 'show', 'deep'],
    exit: EXIT.documentLimit,
    error: /conversation deep is nested deeper than 100 levels, so it is not read/,
    setup: deepEntries,
  },
  {
    name: 'Markdown export of a conversation nested 100 000 deep',
    args: ['conversations', 'export', 'deep', '--format', 'markdown'],
    exit: EXIT.documentLimit,
    error: /conversation deep is nested deeper than 100 levels/,
    setup: deepEntries,
  },
  {
    name: 'JSON export of a conversation nested 100 000 deep',
    args: ['conversations', 'export', 'deep', '--format', 'json'],
    exit: EXIT.documentLimit,
    error: /conversation deep is nested deeper than 100 levels/,
    setup: deepEntries,
  },
  {
    name: 'list --json beside a metadata document nested 100 000 deep',
    args: ['conversations', 'list', '--json'],
    exit: EXIT.documentLimit,
    error: /1 stored conversation is beyond the documented limits .* not listed \(the others were\): deep-meta/,
    setup: deepMetadata,
  },
  {
    name: 'storage copy of a conversation nested 100 000 deep',
    args: ['storage', 'copy', '--to', 'target.yaml', '--json'],
    exit: EXIT.documentLimit,
    error: /1 stored conversation is beyond the documented limits .* not copied \(the others were\): deep\./,
    setup: (context) => {
      writeConfig(
        context.sb,
        `storage:\n  type: sqlite\n  sqlite:\n    path: ${join(context.sb.root, 'target.db')}\n`,
        join(context.sb.cwd, 'target.yaml'),
      );
      return deepEntries(context);
    },
  },
  {
    name: 'show of a conversation stored as more than 64 MiB',
    args: ['conversations', 'show', 'big'],
    exit: EXIT.documentLimit,
    error: /conversation big is stored as \d+ bytes of JSON, more than the limit of 64 MiB/,
    // 65 MiB of "x" made by SQLite itself: hex(zeroblob(n)) is 2n zeros.
    setup: ({ db }) => {
      insert(db, 'big', { messages: `'["' || replace(hex(zeroblob(${65 * 2 ** 20})), '00', 'x') || '"]'` });
    },
  },
  {
    name: 'an id with control characters that is not there',
    args: ['conversations', 'show', 'x\u001B]0;pwned\u0007'],
    exit: EXIT.notFound,
    error: /conversation not found: x\\e\]0;pwned\\x07\. Fix: /,
  },
];
