import { minimal } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { type Table, tableLines } from '../src/output/table.js';
import { terminalColumns } from '../src/output/terminal.js';
import { displayWidth, padToWidth, truncateToWidth } from '../src/output/width.js';
import { infer, sandbox } from '@infer/test-servers/cli';
import { seed, sqliteStore } from './stores.js';
import { inferOnTerminal } from './terminal.js';

const CJK = '会話のタイトル';
const CODER = '👩‍💻'; // woman, ZWJ, laptop: one grapheme
const FLAGS = '🇯🇵🇫🇷';
const ACCENTED = 'e\u0301te\u0301'; // "été" with combining acute accents
const graphemesOf = (text: string) => [...new Intl.Segmenter().segment(text)].map((s) => s.segment);

describe('display width', () => {
  it('counts CJK and emoji (ZWJ sequences, flags) as two columns, combining marks as none', () => {
    expect(displayWidth(CJK)).toBe(14);
    expect(displayWidth(CODER)).toBe(2);
    expect(displayWidth(FLAGS)).toBe(4);
    expect(displayWidth(ACCENTED)).toBe(3);
    expect(displayWidth('plain')).toBe(5);
  });

  it('cuts with … between graphemes, never wider than asked', () => {
    expect(truncateToWidth(CJK, 6)).toBe('会話…');
    expect(truncateToWidth(CJK, 14)).toBe(CJK);
    expect(truncateToWidth(`${CODER}${CODER}${CODER}`, 4)).toBe(`${CODER}…`);
    expect(truncateToWidth(FLAGS, 3)).toBe('🇯🇵…');
    expect(truncateToWidth(ACCENTED, 2)).toBe('e\u0301…');
    expect(truncateToWidth('a title', 3)).toBe('a…');
    expect(truncateToWidth('abc', 1)).toBe('…');
    expect(truncateToWidth('abc', 0)).toBe('');
    for (const text of [CJK, `${CODER}x${FLAGS}`, ACCENTED, `mixed ${CJK} ${CODER} done`]) {
      const whole = graphemesOf(text);
      for (let width = 0; width <= displayWidth(text) + 1; width++) {
        const cut = truncateToWidth(text, width);
        expect(displayWidth(cut)).toBeLessThanOrEqual(width);
        if (width >= displayWidth(text)) expect(cut).toBe(text);
        // What is kept is whole graphemes of the text, in order.
        const kept = graphemesOf(cut.replace(/…$/, ''));
        expect(whole.slice(0, kept.length).join('').trimEnd()).toBe(kept.join(''));
      }
    }
  });

  it('pads to a width in columns', () => {
    expect(padToWidth(CJK, 16)).toBe(`${CJK}  `);
    expect(padToWidth(CODER, 3)).toBe(`${CODER} `);
    expect(padToWidth('long', 2)).toBe('long');
  });
});

/** The display column where `text` starts on `line`. */
const columnOf = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));

describe('table layout', () => {
  const table: Table = {
    headers: ['ID', 'TITLE', 'N'],
    uncut: ['ID'],
    rows: [
      ['a-long-identifier', `${CJK} and more words after it`, '1'],
      ['b', `${CODER}${FLAGS} e\u0301mojis`, '22'],
      ['c', 'plain', '333'],
    ],
  };

  it('aligns columns by display width and trims trailing spaces', () => {
    const lines = tableLines(table);
    expect(lines[0]).toBe(`ID${' '.repeat(17)}TITLE${' '.repeat(35)}N`);
    for (const [row, line] of lines.slice(1).entries()) {
      expect(columnOf(line, ['1', '22', '333'][row]!)).toBe(columnOf(lines[0]!, 'N'));
      expect(line).toBe(line.trimEnd());
    }
    expect(lines.join('\n')).toContain(`${CJK} and more words after it`);
  });

  it('fills exactly the width given, cutting the cuttable columns, never an uncut one', () => {
    const natural = Math.max(...tableLines(table).map(displayWidth));
    for (const width of [natural, natural - 1, 40, 30]) {
      const lines = tableLines(table, width);
      expect(Math.max(...lines.map(displayWidth))).toBe(width);
      expect(lines[1]).toMatch(/^a-long-identifier {2}/);
      for (const line of lines.slice(1)) expect(columnOf(line, line.trim().split(/\s+/).at(-1)!)).toBe(width - 3);
    }
    // 会話の would be 6 columns and the … a 7th: the title is one column short, padded.
    expect(tableLines(table, 30)[1]).toBe('a-long-identifier  会話…   1');
    // Narrower than the uncut column and the headers allow: nothing more is cut.
    expect(tableLines(table, 10)[0]).toBe('ID                 TITLE  N');
  });

  it('cuts the widest column first', () => {
    const wide: Table = { headers: ['A', 'B'], rows: [['x'.repeat(10), 'y'.repeat(30)]] };
    expect(tableLines(wide, 32)[1]).toBe(`${'x'.repeat(10)}  ${'y'.repeat(19)}…`);
    expect(tableLines(wide, 20)[1]).toBe(`${'x'.repeat(8)}…  ${'y'.repeat(8)}…`);
  });
});

describe('terminal width', () => {
  const stream = (isTTY: boolean, columns: number) => ({ isTTY, columns }) as NodeJS.WriteStream;
  it('is the terminal width or COLUMNS on a terminal, and no limit when piped', () => {
    expect(terminalColumns(stream(true, 80), {})).toBe(80);
    expect(terminalColumns(stream(true, 80), { COLUMNS: '50' })).toBe(50);
    expect(terminalColumns(stream(true, 80), { COLUMNS: 'wide' })).toBe(80);
    expect(terminalColumns(stream(true, 0), {})).toBeUndefined();
    expect(terminalColumns(stream(false, 0), { COLUMNS: '50' })).toBeUndefined();
  });
});

describe('infer conversations list as a table', async () => {
  const sb = sandbox();
  const store = sqliteStore(sb);
  const longTitle = `A conversation whose title goes on ${'and on '.repeat(12)}to the end`;
  await seed(store, [
    minimal('conv-ascii', '2026-01-03T00:00:00Z', { title: longTitle }),
    minimal('conv-cjk', '2026-01-02T00:00:00Z', { title: CJK.repeat(8) }),
    minimal('conv-emoji', '2026-01-01T00:00:00Z', { title: `${CODER} ${FLAGS} ${ACCENTED}` }),
  ]);
  const args = ['conversations', 'list', '--config', store.config];
  const rowsOf = (text: string) => text.trimEnd().split('\n').slice(-4);

  it('prints every cell whole and aligned when piped, whatever COLUMNS says', () => {
    const piped = infer(sb, args, { env: { COLUMNS: '40' } });
    expect(piped.code, piped.stderr).toBe(0);
    const lines = rowsOf(piped.stdout);
    expect(lines[1]).toContain(longTitle);
    expect(lines[2]).toContain(CJK.repeat(8));
    for (const line of lines.slice(1)) expect(columnOf(line, '2026')).toBe(columnOf(lines[0]!, 'UPDATED'));
    expect(piped.stdout).not.toContain('\u001B[');
  });

  it('fits the terminal, cutting titles with … but never ids or times', () => {
    for (const [options, width] of [
      [{ columns: 100 }, 100],
      [{ columns: 90, env: { COLUMNS: '110' } }, 110],
    ] as const) {
      const shown = inferOnTerminal(sb, args, { ...options, env: { NO_COLOR: '1', ...options.env } });
      expect(shown.code, shown.screen).toBe(0);
      const lines = rowsOf(shown.screen);
      expect(Math.max(...lines.map(displayWidth))).toBe(width);
      expect(lines[1]).toMatch(/^conv-ascii +A conversation whose title goes on .*… {2}2026-01-03T00:00:00Z/);
      expect(lines[2]).toMatch(/^conv-cjk +会話.*…/);
      expect(lines[3]).toContain(`${CODER} ${FLAGS} ${ACCENTED}`);
      for (const line of lines.slice(1)) expect(columnOf(line, '2026')).toBe(columnOf(lines[0]!, 'UPDATED'));
    }
  });

  it('makes the header bold on a terminal unless NO_COLOR is set; FORCE_COLOR forces it', () => {
    const bold = new RegExp(`${'\u001B'}\\[1mID +TITLE`);
    expect(inferOnTerminal(sb, args, { columns: 120 }).screen).toMatch(bold);
    expect(inferOnTerminal(sb, args, { columns: 120, env: { NO_COLOR: '' } }).screen).toMatch(bold);
    expect(inferOnTerminal(sb, args, { columns: 120, env: { NO_COLOR: '1' } }).screen).not.toContain('\u001B[');
    expect(inferOnTerminal(sb, args, { columns: 120, env: { FORCE_COLOR: '0' } }).screen).not.toMatch(bold);
    expect(infer(sb, args, { env: { FORCE_COLOR: '1' } }).stdout).toMatch(bold);
    expect(infer(sb, args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001B[');
  });
});
