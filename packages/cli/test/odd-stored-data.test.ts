import { MemoryBackend } from '@infer/backend-memory';
import { describe, expect, it } from 'vitest';
import { loadWithinLimits } from '../src/conversations/limits.js';
import { expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';

/**
 * Stored data written by another program: values of the wrong type are shown as text, and a document
 * that is not JSON is named by id in one line (exit 14) instead of ending a command with a stack.
 */
const AT = '2025-01-01T00:00:00Z';
const ODD_METADATA = JSON.stringify({
  id: 'odd',
  title: 42,
  tags: 'not-a-list',
  summary: { a: 1 },
  model: 7,
  created_at: AT,
  updated_at: AT,
});
const ODD_ENTRIES = JSON.stringify([{ message: { role: null, content: { x: 1 } } }, 7, null]);

describe('stored values of another type, SQLite', () => {
  const sb = sandbox();
  const insert = (id: string, title: string, messages: string, metadata: string) =>
    execSql(
      sb.defaultDb,
      'INSERT INTO conversations (id, title, count, messages, created_at, updated_at, metadata) VALUES ' +
        `('${id}', ${title}, 1, '${messages}', '${AT}', '${AT}', '${metadata}')`,
    );

  it('lists, shows and exports them as text', () => {
    expect(infer(sb, ['migrate']).code).toBe(0);
    insert('odd', '42', ODD_ENTRIES, ODD_METADATA);
    const list = infer(sb, ['conversations', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^odd +42 /m);
    const show = infer(sb, ['conversations', 'show', 'odd']);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout.split('\n')[0]).toBe('42');
    // No Messages line: the metadata records no message_count (the listing shows "-").
    for (const line of ['  Model:   7', '  Tags:    not-a-list', '  Summary: {"a":1}', '[1] Unknown', '    {"x":1}'])
      expect(show.stdout).toContain(line);
    const markdown = infer(sb, ['conversations', 'export', 'odd', '--format', 'markdown']);
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toMatch(/^# 42\n[\s\S]*## 1\. Unknown\n\n\{"x":1\}/);
  });

  it('names a conversation whose document is not JSON (exit 14); the listing reads it from its columns', () => {
    insert('broken', "'Broken'", 'not json', '{oops');
    expectOneLineError(
      infer(sb, ['conversations', 'show', 'broken']),
      14,
      /conversation broken is not stored as valid JSON \(its messages column: .*\), so it is not read/,
    );
    expectOneLineError(
      infer(sb, ['conversations', 'export', 'broken']),
      14,
      /conversation broken is not stored as valid JSON/,
    );
    const list = infer(sb, ['conversations', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^broken +Broken /m);
  });
});

describe('a backend that does not check the depth limit itself (a plugin)', () => {
  it('has its conversations checked by the CLI before they are rendered or copied', async () => {
    let entries: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) entries = [entries];
    const backend = await MemoryBackend.open();
    const unchecked = Object.assign(backend, {
      load: async (id: string) => ({
        metadata: { id, title: 't', created_at: AT, updated_at: AT },
        entries: [entries],
      }),
    });
    await expect(loadWithinLimits(unchecked as unknown as MemoryBackend, 'deep')).rejects.toMatchObject({
      code: 'E_DOCUMENT_LIMIT',
      message: expect.stringContaining('conversation deep is nested deeper than'),
    });
  });
});
