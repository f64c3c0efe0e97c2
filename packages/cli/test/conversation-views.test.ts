import type { Conversation } from '@infer/core';
import { minimal } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { type RunResult, infer, sandbox } from '@infer/test-servers/cli';
import { seed, sqliteStore } from './stores.js';

/**
 * The list row, `show`'s first line and Messages line, and the markdown heading and Messages line of one
 * conversation.
 */
function views(cli: (...args: string[]) => RunResult, id: string) {
  const list = cli('conversations', 'list');
  expect(list.code, list.stderr).toBe(0);
  const row = list.stdout.split('\n').find((line) => line.startsWith(`${id} `))!;
  const show = cli('conversations', 'show', id);
  expect(show.code, show.stderr).toBe(0);
  const markdown = cli('conversations', 'export', id, '--format', 'markdown');
  expect(markdown.code, markdown.stderr).toBe(0);
  const json = cli('conversations', 'export', id);
  expect(json.code, json.stderr).toBe(0);
  return {
    row: row.split(/\s{2,}/),
    showTitle: show.stdout.split('\n')[0],
    showMessages: /^ {2}Messages: +(.*)$/m.exec(show.stdout)?.[1],
    markdownTitle: markdown.stdout.split('\n')[0],
    markdownMessages: /^- \*\*Messages:\*\* (.*)$/m.exec(markdown.stdout)?.[1],
    json: JSON.parse(json.stdout) as Conversation,
  };
}

describe('list, show and export say the same about a conversation', () => {
  const sb = sandbox();
  const store = sqliteStore(sb);
  const cli = (...args: string[]) => infer(sb, [...args, '--config', store.config]);

  it('a conversation without a title is "(untitled)" everywhere but the stored JSON, which keeps ""', async () => {
    await seed(store, [minimal('no-title', '2025-06-01T10:00:00Z', { title: '  ' })]);
    const seen = views(cli, 'no-title');
    expect(seen.row[1]).toBe('(untitled)');
    expect(seen.showTitle).toBe('(untitled)');
    expect(seen.markdownTitle).toBe('# (untitled)');
    expect(seen.json.metadata.title).toBe('  ');
  });

  it('a title with line breaks is one line in every view, whitespace runs one space; the JSON keeps it', async () => {
    const title = 'First line\r\n  second\tline\n';
    await seed(store, [minimal('two-lines', '2025-06-01T10:00:05Z', { title })]);
    const seen = views(cli, 'two-lines');
    expect(seen.row[1]).toBe('First line second line');
    expect(seen.showTitle).toBe('First line second line');
    expect(seen.markdownTitle).toBe('# First line second line');
    expect(seen.json.metadata.title).toBe(title);
  });

  it('every view shows the message count the metadata records, even when it differs from the entries', async () => {
    await seed(store, [minimal('claims-five', '2025-06-01T10:00:01Z', { message_count: 5 }, 2)]);
    const seen = views(cli, 'claims-five');
    expect(seen.row[3]).toBe('5');
    expect(seen.showMessages).toBe('5');
    expect(seen.markdownMessages).toBe('5');
    expect(seen.json.metadata.message_count).toBe(5);
  });

  it('a conversation that records no count shows none anywhere (not the number of entries)', async () => {
    await seed(store, [minimal('no-count', '2025-06-01T10:00:02Z', { message_count: undefined }, 3)]);
    const seen = views(cli, 'no-count');
    expect(seen.row[3]).toBe('-');
    expect(seen.showMessages).toBeUndefined();
    expect(seen.markdownMessages).toBeUndefined();
    expect(seen.json.metadata).not.toHaveProperty('message_count');
  });

  it('counts agree with their nouns: 1 request, 2 requests', async () => {
    const stats = (requests: number) => ({
      token_stats: { total_input_tokens: 1, total_output_tokens: 1, request_count: requests },
    });
    await seed(store, [
      minimal('one-request', '2025-06-01T10:00:03Z', stats(1)),
      minimal('two-requests', '2025-06-01T10:00:04Z', stats(2)),
    ]);
    expect(cli('conversations', 'show', 'one-request').stdout).toMatch(
      /^ {2}Tokens: +1 in, 1 out, 2 total, 1 request$/m,
    );
    expect(cli('conversations', 'show', 'two-requests').stdout).toMatch(/, 2 requests$/m);
  });
});
