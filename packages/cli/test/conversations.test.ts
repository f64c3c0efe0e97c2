import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Conversation, ConversationSummary } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { expectDocument } from './documents.js';
import { expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';
import { seedConversations } from '@infer/test-servers/conversations';
import { dump, memoryStore, persistentStores, runs, seed, sqliteStore, using } from './stores.js';
import { inferOnTerminal } from './terminal.js';

/** The seeded conversations' ids, the most recently updated first: the order of every listing. */
const NEWEST_FIRST = ['full', 'parts', 'plain-003', 'plain-002', 'plain-001', 'plain-000'];

describe.each(persistentStores.filter(([name]) => runs(name)))('infer conversations on %s', (_name, makeStore) => {
  const sb = sandbox();
  const store = makeStore(sb);
  const conversations = seedConversations(4);
  const cli = (...args: string[]) => infer(sb, [...args, '--config', store.config]);

  it('lists newest first as a table, pages with --limit/--offset, prints stored summaries with --json', async () => {
    await seed(store, conversations);
    const table = cli('conversations', 'list');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toBe('');
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+TITLE\s+UPDATED\s+MESSAGES\s+TOKENS$/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[0])).toEqual(NEWEST_FIRST);
    expect(lines[1]).toMatch(/^full\s+Conversation full\s+2026-01-03T09:00:00\+02:00\s+3\s+165$/);
    // Columns are aligned: every row starts its title where the header does.
    const titleAt = lines[0]!.indexOf('TITLE');
    for (const line of lines.slice(1)) expect(line.slice(titleAt - 2, titleAt)).toBe('  ');

    const page = cli('conversations', 'list', '--limit', '2', '--offset', '1');
    expect(
      page.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(' ')[0]),
    ).toEqual(['parts', 'plain-003']);

    const json = cli('conversations', 'list', '--json', '--limit', '3');
    expect(json.code).toBe(0);
    const summaries = expectDocument<ConversationSummary[]>(json.stdout, 'summaryList');
    expect(summaries).toEqual(await using(store, (backend) => backend.list({ limit: 3 })));
    expect(summaries[0]).toMatchObject({
      x_metadata_field: { from: 'a newer release', list: [1, 2, 3] },
      cost_stats: { TotalCost: 0.0123, Currency: 'USD' },
    });
    expect(cli('conversations', 'list', '--offset', '100').stdout).toBe(
      'No conversations after skipping 100 conversations.\n',
    );
  });

  it('pages with --after the last id of the previous page, refused with --offset or an id no longer stored', () => {
    const ids = (args: string[]) => {
      const page = cli('conversations', 'list', '--json', ...args);
      expect(page.code, page.stderr).toBe(0);
      return expectDocument<ConversationSummary[]>(page.stdout, 'summaryList').map((summary) => summary.id);
    };
    const first = ids(['--limit', '2']);
    const second = ids(['--limit', '2', '--after', first.at(-1)!]);
    const third = ids(['--limit', '2', '--after', second.at(-1)!]);
    expect([...first, ...second, ...third]).toEqual(NEWEST_FIRST);
    expect(cli('conversations', 'list', '--after', 'plain-000').stdout).toBe('No conversations after plain-000.\n');
    const table = cli('conversations', 'list', '--limit', '1', '--after', 'full');
    expect(table.stdout.trimEnd().split('\n')[1]).toMatch(/^parts\s/);

    expectOneLineError(cli('conversations', 'list', '--after', 'full', '--offset', '2'), 2, /--after and --offset/);
    expectOneLineError(
      cli('conversations', 'list', '--after', 'no-such-id'),
      6,
      /^Error: the page cursor no longer exists: conversation no-such-id was deleted since the previous page\. Fix: /,
    );
  });

  it('shows metadata and entries, and with --json the conversation exactly as stored', () => {
    const text = cli('conversations', 'show', 'parts');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Parts and tools\n {2}ID: +parts\n/);
    expect(text.stdout).toContain('  Cost:     0.0123 USD\n');
    expect(text.stdout).toMatch(
      new RegExp(
        /\[1\] User \(openai\/gpt-4o, 2025-12-19T18:23:19\.123456789\+02:00\)\n {4}Look at /.source +
          /this\n {4}\{"type":"image_url","image_url":\{"url":"x"\}\}\n/.source,
      ),
    );
    expect(text.stdout).toContain('Tool call: {"id":"call-1","function":{"name":"Read","arguments":"{}"}}');
    expect(text.stdout).toMatch(/\[3\] Tool \(.*, hidden\)\n {4}\(result of tool call call-1\)\n {4}file text/);

    for (const c of conversations.slice(0, 2)) {
      const json = cli('conversations', 'show', c.metadata.id, '--json');
      expect(json.code).toBe(0);
      expect(expectDocument<Conversation>(json.stdout, 'conversation')).toEqual(c);
    }
    const missing = cli('conversations', 'show', 'no-such-id');
    expectOneLineError(missing, 6, /^Error: conversation not found: no-such-id\. Fix: list the stored ids/);
    expect(missing.stdout).toBe('');
  });

  it('exports markdown and JSON, to stdout or a new file, never replacing a file without --force', () => {
    const md = cli('conversations', 'export', 'full', '--format', 'markdown');
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(
      new RegExp(
        /^# Conversation full\n\n- \*\*ID:\*\* full\n- \*\*Created:\*\* 2025-12-19T18:23:19Z\n- /.source +
          /\*\*Updated:\*\* 2026-01-03T09:00:00\+02:00\n- \*\*Messages:\*\* 3\n/.source,
      ),
    );
    expect(md.stdout).toContain(
      '- **Tokens:** 120 in, 45 out, 165 total, 2 requests\n' +
        '- **Cost:** 0.0123 USD\n' +
        '- **Tags:** work, ünïcode\n' +
        '- **Summary:** A short chat.\n',
    );
    const sections = md.stdout.split(/^## /m).slice(1);
    expect(sections.map((s) => s.split(' ')[1])).toEqual(['System', 'User', 'Assistant']);
    expect(sections[1]).toBe('2. User (openai/gpt-4o, 2025-12-19T18:23:19.123456789+02:00)\n\nHéllo, 世界! 👋\n\n');
    expect(sections[2]!.trimEnd().endsWith('\n\nHi!')).toBe(true);

    const json = cli('conversations', 'export', 'full', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual(conversations[0]);

    const file = join(sb.cwd, `${store.name}.md`);
    const written = cli('conversations', 'export', 'full', '--format', 'markdown', '--output', file);
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(md.stdout);
    writeFileSync(file, 'mine');
    expectOneLineError(
      cli('conversations', 'export', 'parts', '--format', 'markdown', '--output', file),
      3,
      /already exists; nothing was written\. Fix: pass --force/,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
    const forced = cli('conversations', 'export', 'parts', '--format', 'markdown', '--output', file, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Parts and tools\n/);
    expectOneLineError(
      cli('conversations', 'export', 'gone', '--output', join(sb.cwd, 'gone.json')),
      6,
      /conversation not found: gone/,
    );
    expect(existsSync(join(sb.cwd, 'gone.json'))).toBe(false);
  });

  it('deletes only with --yes when stdin is not a terminal; a missing id is exit 6', async () => {
    const refused = cli('conversations', 'delete', 'plain-000');
    expectOneLineError(refused, 2, /stdin is not a terminal; pass --yes/);
    expect(await using(store, (backend) => backend.load('plain-000'))).toEqual(conversations[2]);

    const deleted = cli('conversations', 'delete', 'plain-000', '--yes', '--json');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(expectDocument(deleted.stdout, 'deleteReport')).toEqual({ id: 'plain-000', deleted: true });
    expect(Object.keys(await dump(store)).sort()).toEqual(['full', 'parts', 'plain-001', 'plain-002', 'plain-003']);

    expectOneLineError(
      cli('conversations', 'delete', 'plain-000', '--yes'),
      6,
      /^Error: conversation not found: plain-000\. Fix: /,
    );
    const json = cli('conversations', 'delete', 'plain-000', '--yes', '--json');
    expect(json.code).toBe(6);
    expect(expectDocument(json.stdout, 'errorReport', 'migrate')).toMatchObject({
      error: { code: 'E_NOT_FOUND', exitCode: 6 },
    });
  });
});

describe.runIf(runs('memory'))('infer conversations on memory (one process, so always empty)', () => {
  it('lists nothing, and show, export and delete find nothing', () => {
    const sb = sandbox();
    const { config } = memoryStore(sb);
    expect(infer(sb, ['conversations', 'list', '--config', config])).toMatchObject({
      code: 0,
      stdout: 'No conversations.\n',
      stderr: '',
    });
    expect(infer(sb, ['conversations', 'list', '--offset', '1', '--config', config]).stdout).toBe(
      'No conversations after skipping 1 conversation.\n',
    );
    expect(
      expectDocument(infer(sb, ['conversations', 'list', '--json', '--config', config]).stdout, 'summaryList'),
    ).toEqual([]);
    for (const args of [
      ['show', 'x'],
      ['export', 'x', '--format', 'markdown'],
      ['delete', 'x', '--yes'],
    ]) {
      expectOneLineError(
        infer(sb, ['conversations', ...args, '--config', config]),
        6,
        /^Error: conversation not found: x\. Fix: /,
      );
    }
  });
});

describe.runIf(runs('sqlite'))('infer conversations delete on a terminal', () => {
  it('asks first, and deletes only after yes', async () => {
    const sb = sandbox();
    const store = sqliteStore(sb);
    await seed(store, seedConversations(2));
    // On a pseudo-terminal (script(1)); the answers come through its stdin.
    const onTty = (answer: string) =>
      inferOnTerminal(sb, ['conversations', 'delete', 'plain-000', '--config', store.config], { input: `${answer}\n` });
    const no = onTty('n');
    expect(no.screen).toContain('Delete conversation plain-000 ("t-plain-000")? [y/N]');
    expect(no.screen).toContain('Nothing was deleted.');
    expect(Object.keys(await dump(store))).toContain('plain-000');
    const yes = onTty('y');
    expect(yes.screen).toContain('Deleted conversation plain-000.');
    expect(Object.keys(await dump(store))).not.toContain('plain-000');
  });
});
