import { type Conversation, DOCUMENT_LIMITS, type JsonValue } from '@infer/core';
import { entry, minimal } from '@infer/core/testing';
import { expect } from 'vitest';

/**
 * Stored data that tries to drive the terminal: an OSC title change ended by BEL, a C1 CSI (clear
 * screen without ESC), DEL and a carriage return (which would overwrite the line).
 */
export const HOSTILE = '\u001B]0;pwned\u0007\u009B2J\u007F\r';
/** How {@link HOSTILE} must be shown. */
export const SHOWN = String.raw`\e]0;pwned\x07\x9b2J\x7f\r`;
/** How {@link HOSTILE} shows in a listing's title, whose whitespace (the carriage return too) is one space. */
export const SHOWN_IN_LIST = String.raw`\e]0;pwned\x07\x9b2J\x7f`;

/** Control characters a terminal may act on; newline and tab are checked separately. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function expectNoRawControl(text: string): void {
  expect(RAW_CONTROL.exec(text), JSON.stringify(text)).toBeNull();
}

export const HOSTILE_ID = 'hostile\u001B[7m';

/** `base` with these entries, its message count theirs. */
function withEntries(base: Conversation, entries: Conversation['entries']): Conversation {
  return { metadata: { ...base.metadata, message_count: entries.length }, entries };
}

/** A conversation with hostile text in its id, title, tags, summary, model, entries and a tool call id. */
export function hostileConversation(): Conversation {
  const base = minimal(
    HOSTILE_ID,
    '2026-02-01T00:00:00Z',
    {
      title: `Title ${HOSTILE}\nsecond line`,
      tags: [`tag${HOSTILE}`],
      summary: `sum${HOSTILE}`,
      model: `model${HOSTILE}`,
    },
    0,
  );
  return withEntries(base, [
    entry('user', `first ${HOSTILE} end\nsecond\tcolumn`, { model: `model${HOSTILE}` }),
    entry('tool', 'ignored', {
      message: { role: 'tool', content: [{ type: 'text', text: `part ${HOSTILE}` }], tool_call_id: `call${HOSTILE}` },
    }),
  ]);
}

/** An array nested `depth` levels deep around a string. */
export function nested(depth: number): JsonValue {
  let value: JsonValue = 'bottom';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

const TOO_DEEP = DOCUMENT_LIMITS.maxDepth + 20;

/** Entries nested deeper than the limit: `list` shows it, `show`, `export` and `copy` refuse it. */
export function deepEntries(): Conversation {
  const base = minimal('deep-entries', '2026-02-02T00:00:00Z', { title: 'Deep entries' }, 0);
  return withEntries(base, [entry('user', 'ignored', { message: { role: 'user', content: [nested(TOO_DEEP)] } })]);
}

/** Metadata nested deeper than the limit (a field infer does not model): `list` leaves it out too. */
export function deepMetadata(): Conversation {
  return minimal('deep-metadata', '2026-02-03T00:00:00Z', { title: 'Deep metadata', x_nested: nested(TOO_DEEP) }, 1);
}

/** One entry whose text alone is over the size limit. */
export function oversized(): Conversation {
  const base = minimal('oversized', '2026-02-04T00:00:00Z', { title: 'Oversized' }, 0);
  return withEntries(base, [entry('user', 'x'.repeat(DOCUMENT_LIMITS.maxBytes + 1024))]);
}

/** Within the limits everywhere: exactly at the depth limit. */
export function atTheLimit(): Conversation {
  const base = minimal('at-the-limit', '2026-01-01T00:00:00Z', { title: 'At the limit' }, 0);
  // entries (1) > entry (2) > message (3) > content (4) > nested arrays from 5 on.
  return withEntries(base, [
    entry('user', 'ignored', { message: { role: 'user', content: [nested(DOCUMENT_LIMITS.maxDepth - 4)] } }),
  ]);
}
