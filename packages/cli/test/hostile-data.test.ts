import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryBackend } from '@infer/backend-memory';
import { type Conversation, type ConversationSummary, ErrorCode } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { conversationMarkdown, conversationText, summaryTable } from '../src/conversations/render.js';
import { tableText } from '../src/output/table.js';
import { expectDocument } from './documents.js';
import { BIN, expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';
import {
  HOSTILE_ID,
  SHOWN,
  SHOWN_IN_LIST,
  atTheLimit,
  deepEntries,
  deepMetadata,
  expectNoRawControl,
  hostileConversation,
  oversized,
} from './hostile.js';
import { dump, persistentStores, runs, seed, sqliteStore, using } from './stores.js';

/**
 * Stored data is hostile: control characters in it never reach the terminal raw, and documents
 * beyond core's DOCUMENT_LIMITS are named with exit 14 while the others still list and copy, on
 * every backend (memory through the library API: it lives in one process).
 */

describe.each(persistentStores.filter(([name]) => runs(name)))('hostile stored data on %s', (_name, makeStore) => {
  const sb = sandbox();
  const store = makeStore(sb);
  const cli = (...args: string[]) => infer(sb, [...args, '--config', store.config]);

  it('escapes control characters in list, show, Markdown export (stdout, file), errors; --json exact', async () => {
    const hostile = hostileConversation();
    await seed(store, [hostile]);
    const list = cli('conversations', 'list');
    expect(list.code, list.stderr).toBe(0);
    expectNoRawControl(list.stdout);
    expect(list.stdout).toContain(String.raw`hostile\e[7m  Title ${SHOWN_IN_LIST} second line`);

    const show = cli('conversations', 'show', HOSTILE_ID);
    expect(show.code, show.stderr).toBe(0);
    expectNoRawControl(show.stdout);
    expect(show.stdout.split('\n')[0]).toBe(`Title ${SHOWN_IN_LIST} second line`);
    for (const line of [`  Tags:     tag${SHOWN}`, `  Summary:  sum${SHOWN}`, `  Model:    model${SHOWN}`])
      expect(show.stdout).toContain(line);
    // A body keeps its newlines and tabs (indented), nothing else.
    expect(show.stdout).toContain(
      `[1] User (model${SHOWN}, 2025-12-19T18:23:19.123456789+02:00)\n    first ${SHOWN} end\n    second\tcolumn\n`,
    );
    // The body is trimmed: the final carriage return goes with the other trailing whitespace.
    expect(show.stdout).toContain(`    (result of tool call call${SHOWN})\n    part ${SHOWN_IN_LIST}\n`);

    const markdown = cli('conversations', 'export', HOSTILE_ID, '--format', 'markdown');
    expect(markdown.code, markdown.stderr).toBe(0);
    expectNoRawControl(markdown.stdout);
    expect(markdown.stdout.split('\n')[0]).toBe(`# Title ${SHOWN_IN_LIST} second line`);
    const file = join(sb.root, `${store.name}.md`);
    expect(cli('conversations', 'export', HOSTILE_ID, '--format', 'markdown', '--output', file).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(markdown.stdout);

    const json = cli('conversations', 'show', HOSTILE_ID, '--json');
    expect(expectDocument<Conversation>(json.stdout, 'conversation')).toEqual(
      await using(store, (b) => b.load(HOSTILE_ID)),
    );
    const exported = cli('conversations', 'export', HOSTILE_ID, '--format', 'json');
    expect(JSON.parse(exported.stdout)).toEqual(JSON.parse(json.stdout));

    const missing = cli('conversations', 'show', `no-such${HOSTILE_ID}`);
    expectOneLineError(missing, 6, String.raw`conversation not found: no-suchhostile\e[7m`);
    expectNoRawControl(missing.stderr);
  });

  it('escapes the title in the delete prompt on a terminal, and deletes nothing on "no"', async () => {
    // script(1) gives the child a terminal; the answer "n" comes through it.
    const child = spawnSync(
      'script',
      ['-qec', `"${process.execPath}" "${BIN}" conversations delete "$ID" --config "$CONFIG"`, '/dev/null'],
      {
        input: 'n\n',
        env: { ...sb.env, ID: HOSTILE_ID, CONFIG: store.config },
        cwd: sb.cwd,
        encoding: 'utf8',
      },
    );
    // readline moves the cursor itself before the question; the question is plain text.
    const question = /Delete conversation .*\[y\/N\] /.exec(child.stdout)?.[0] ?? '';
    expect(question).toBe(String.raw`Delete conversation hostile\e[7m ("Title ${SHOWN}\nsecond line")? [y/N] `);
    expect(child.stdout).toContain('Nothing was deleted.');
    expect(await using(store, (b) => b.load(HOSTILE_ID))).toEqual(hostileConversation());
  });

  it('names a conversation nested deeper than the limit with exit 14, and lists and copies the others', async () => {
    const within = atTheLimit();
    await seed(store, [within, deepEntries(), deepMetadata()]);
    for (const command of ['show', 'export']) {
      expectOneLineError(
        cli('conversations', command, 'deep-entries'),
        14,
        /conversation deep-entries is nested deeper than 100 levels/,
      );
      expectOneLineError(
        cli('conversations', command, 'deep-metadata'),
        14,
        /conversation deep-metadata is nested deeper than 100 levels/,
      );
    }
    expect(JSON.parse(cli('conversations', 'show', 'at-the-limit', '--json').stdout)).toEqual(within);

    const listed = cli('conversations', 'list', '--json');
    expectOneLineError(
      listed,
      14,
      /1 stored conversation is beyond the documented limits .* not listed \(the others were\): deep-metadata\. Fix: /,
    );
    const ids = expectDocument<ConversationSummary[]>(listed.stdout, 'summaryList').map((s) => s.id);
    expect(ids).toEqual(['deep-entries', HOSTILE_ID, 'at-the-limit']);
    const table = cli('conversations', 'list');
    expect(table.stdout).toContain('deep-entries');
    expect(table.stdout).not.toContain('deep-metadata');
    expect(table.code).toBe(14);

    const target = sqliteStore(sb, `${store.name}-copy`);
    const copy = cli('storage', 'copy', '--to', target.config, '--json');
    expectOneLineError(
      { ...copy, stderr: copy.stderr.replace(/^ {2}copy: .*\n/gm, '') },
      14,
      new RegExp(
        /2 stored conversations are beyond the documented limits .* not copied \(the others were\): /.source +
          /deep-(metadata|entries), deep-(entries|metadata)\./.source,
      ),
    );
    expect(expectDocument(copy.stdout, 'copyReport')).toMatchObject({
      copied: 2,
      sourceConversations: 2,
      beyondLimits: ['deep-metadata', 'deep-entries'],
    });
    expect(Object.keys(await dump(target)).sort()).toEqual(['at-the-limit', HOSTILE_ID].sort());
    // The verification in text says what it verified: the others, not "all".
    const again = cli('storage', 'copy', '--to', target.config);
    expect(again.code, again.stderr).toBe(14);
    expect(again.stdout).toContain('Verified: the 2 other source conversations are in the target, which now has 2.');
  });

  it('names a conversation stored as more than the size limit with exit 14, without reading it', async () => {
    await seed(store, [oversized()]);
    for (const command of ['show', 'export']) {
      expectOneLineError(
        cli('conversations', command, 'oversized'),
        14,
        /conversation oversized is stored as \d+ bytes of JSON, more than the limit of 64 MiB/,
      );
    }
    const listed = cli('conversations', 'list', '--json', '--limit', '1');
    expect(listed.code, listed.stderr).toBe(0);
    expect(expectDocument<ConversationSummary[]>(listed.stdout, 'summaryList')[0]?.id).toBe('oversized');
    await using(store, (b) => b.delete('oversized'));
  });
});

describe('hostile stored data through the library API (memory)', () => {
  it('escapes what the renderers show; refuses a document nested beyond the limit by code, naming it', async () => {
    const backend = await MemoryBackend.open();
    for (const c of [hostileConversation(), atTheLimit(), deepEntries(), deepMetadata()]) await backend.save(c);
    const hostile = await backend.load(HOSTILE_ID);
    for (const text of [
      conversationText(hostile),
      conversationMarkdown(hostile),
      tableText(summaryTable(await backend.list())),
    ]) {
      expectNoRawControl(text);
      expect(text).toContain(SHOWN_IN_LIST);
    }
    expect(conversationText(hostile)).toContain(`first ${SHOWN} end\n    second\tcolumn`);
    expect(await backend.load('at-the-limit')).toEqual(atTheLimit());
    for (const id of ['deep-entries', 'deep-metadata']) {
      await expect(backend.load(id)).rejects.toMatchObject({
        code: ErrorCode.DocumentLimit,
        id,
        limit: 'depth',
        message: expect.stringContaining(id),
      });
    }
    await backend.close();
  });
});
