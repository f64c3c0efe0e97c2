import { minimal } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/output/width.js';
import { sandbox } from '@infer/test-servers/cli';
import { HOSTILE, HOSTILE_ID, SHOWN_IN_LIST, expectNoRawControl, hostileConversation } from './hostile.js';
import { seed, sqliteStore } from './stores.js';
import { inferOnTerminal } from './terminal.js';

/**
 * Hostile stored data on a terminal, where the tables are cut to its width: `conversations list` and
 * `show` on a narrow pseudo-terminal show no raw control character, and every line of the table fits.
 */

const WIDTH = 80; // the uncut ID and UPDATED columns and the other headers leave the titles 26 columns
const CJK = '会話のタイトル';
const PADDING = 'x'.repeat(30);
const MARKS = 'Invoice \u202Egnp.exe\u202C, \u2066isolated\u2069';
/** Reordering marks (RLO, PDF, an isolate), C1 controls (NEL, OSC), and an escape past where a cut falls. */
const REORDERED = `${MARKS} \u0085next\u009D0;title\u0007 ${PADDING}\u001B[31m`;

describe('hostile stored data on a narrow terminal', async () => {
  const sb = sandbox();
  const store = sqliteStore(sb);
  await seed(store, [
    hostileConversation(),
    minimal('reordered', '2026-01-31T00:00:00Z', { title: REORDERED, summary: `sum ${HOSTILE}` }),
    minimal('cjk', '2026-01-30T00:00:00Z', { title: `${CJK.repeat(10)}${HOSTILE}` }),
    minimal('long', '2026-01-29T00:00:00Z', { title: `A title ${'that goes on '.repeat(20)}${HOSTILE}` }),
  ]);
  const onTerminal = (...args: string[]) => {
    const shown = inferOnTerminal(sb, [...args, '--config', store.config], { columns: WIDTH, env: { NO_COLOR: '1' } });
    expect(shown.code, shown.screen).toBe(0);
    expectNoRawControl(shown.screen);
    return shown.screen;
  };

  it('list: every line fits the width, the cut titles end in …, ids whole and escaped', () => {
    const lines = onTerminal('conversations', 'list').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +TITLE +UPDATED +MESSAGES +TOKENS$/);
    expect(displayWidth(lines[0]!)).toBe(WIDTH);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(WIDTH);
    const tail = (day: string) => `  2026-${day}T00:00:00Z  2         -`;
    expect(lines.slice(1)).toEqual([
      String.raw`hostile\e[7m  Title \e]0;pwned\x07\x9b2…` + tail('02-01'),
      String.raw`reordered     Invoice \u{202e}gnp.exe\u…` + tail('01-31'),
      `cjk           ${CJK}会話のタイ… ${tail('01-30')}`,
      `long          A title that goes on that…${tail('01-29')}`,
    ]);
  });

  it('show: escaped throughout, the title on one line however long', () => {
    const hostile = onTerminal('conversations', 'show', HOSTILE_ID).split('\n');
    expect(hostile[0]).toBe(`Title ${SHOWN_IN_LIST} second line`);
    const reordered = onTerminal('conversations', 'show', 'reordered');
    expect(reordered.split('\n')[0]).toBe(
      String.raw`Invoice \u{202e}gnp.exe\u{202c}, \u{2066}isolated\u{2069} \x85next\x9d0;title\x07 ` +
        `${PADDING}\\e[31m`,
    );
    expect(onTerminal('conversations', 'show', 'cjk').split('\n')[0]).toBe(`${CJK.repeat(10)}${SHOWN_IN_LIST}`);
  });
});
