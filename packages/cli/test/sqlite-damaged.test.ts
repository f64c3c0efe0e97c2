import { copyFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addConversations, damageTablePages } from '@infer/test-servers/sqlite';
import { type Sandbox, expectOneLineError, infer, sandbox, snapshot } from '@infer/test-servers/cli';

/** A migrated database with 60 conversations whose table pages are damaged, as a failing disk leaves them. */
function damaged(): Sandbox {
  const sb = sandbox();
  expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
  addConversations(sb.defaultDb, 60);
  expect(infer(sb, ['conversations', 'list']).code).toBe(0);
  damageTablePages(sb.defaultDb, 'conversations');
  return sb;
}

const COMMANDS = [
  ['migrate'],
  ['migrate', '--status'],
  ['conversations', 'list'],
  ['conversations', 'show', 'conversation-1'],
];

describe('a SQLite database with damaged pages (SQLITE_CORRUPT)', () => {
  it('exits 4 from migrate, --status and reads, naming sqlite3 .recover, never "up to date", file unchanged', () => {
    const sb = damaged();
    const before = snapshot(sb.defaultDb);
    for (const args of COMMANDS) {
      const result = infer(sb, args);
      expectOneLineError(
        result,
        4,
        /SQLite database .*conversations\.db is damaged/,
        /there is no backup beside it; recover what is readable with: sqlite3 ".*conversations\.db" \.recover/,
      );
      expect(result.stdout, args.join(' ')).not.toMatch(/up to date|Applied/);
      expect(snapshot(sb.defaultDb)).toEqual(before);
    }
  });

  it('names the newest backup beside the file', () => {
    const sb = damaged();
    for (const stamp of ['20261101T101500123Z', '20261129T101500123Z', '20261015T101500123Z'])
      copyFileSync(sb.defaultDb, `${sb.defaultDb}.backup-${stamp}`);
    for (const args of COMMANDS) {
      expectOneLineError(
        infer(sb, args),
        4,
        /is damaged/,
        new RegExp(
          /Fix: restore the newest backup, \S+conversations\.db\.backup-20261129T101500123Z, by copying /.source +
            /it over the damaged file, or recover .*\.recover/.source,
        ),
      );
    }
  });
});
