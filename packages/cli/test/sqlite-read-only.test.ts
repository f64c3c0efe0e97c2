import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { addConversations } from '@infer/test-servers/sqlite';
import { expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';

const undo: (() => void)[] = [];
afterEach(() => {
  for (const step of undo.splice(0)) step();
});

/** Read-only for this process: by mode, and as root (whom modes do not stop) immutable. */
function makeReadOnly(path: string): void {
  chmodSync(path, 0o444);
  if (process.getuid?.() !== 0) return;
  expect(spawnSync('chattr', ['+i', path]).status, 'chattr +i (ext4, as root)').toBe(0);
  undo.push(() => spawnSync('chattr', ['-i', path]));
}

describe('a read-only SQLite database file', () => {
  it('lists and shows its conversations; a delete says permissions, never free space, and changes nothing', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    addConversations(sb.defaultDb, 3);
    makeReadOnly(sb.defaultDb);
    const before = readFileSync(sb.defaultDb);

    const list = infer(sb, ['conversations', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/conversation-0[\s\S]*conversation-2|conversation-2[\s\S]*conversation-0/);
    const show = infer(sb, ['conversations', 'show', 'conversation-1']);
    expect(show.code, show.stderr).toBe(0);

    const remove = infer(sb, ['conversations', 'delete', 'conversation-1', '--yes']);
    expectOneLineError(
      remove,
      4,
      /cannot write SQLite database .*conversations\.db: attempt to write a readonly database/,
      /Fix: check the permissions/,
    );
    expect(remove.stderr).not.toMatch(/free space|disk/);
    expect(readFileSync(sb.defaultDb).equals(before)).toBe(true);
  });
});
