/**
 * Characters that change what a terminal shows rather than print: C0 and C1 control characters
 * (newlines, ESC, NUL, the CSI of C1...), DEL, Unicode line and paragraph separators, and the
 * marks that reorder text (bidirectional overrides and isolates).
 */
export const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const EVERY_UNPRINTABLE = new RegExp(UNPRINTABLE, 'gu');
/** The same, less the newline and the tab a multi-line body keeps. */
const BODY_UNPRINTABLE = /[^\P{Cc}\n\t]|[\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const NAMED: Readonly<Record<string, string>> = Object.freeze({
  '\u001B': '\\e',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
});

function escaped(char: string): string {
  const code = char.codePointAt(0)!;
  return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
}

/**
 * Stored or user-given text made safe to show on a terminal: every {@link UNPRINTABLE} character
 * as an escape (`\e`, `\n`, `\x07`, `\x9b`, `\u{202e}`). A `line` (a title, an id, a file name)
 * keeps none; a `body` (an entry's text, a migration's SQL) keeps its newlines and tabs, and reads
 * CRLF as a newline.
 *
 * @example
 * printable('add\ntags') // 'add\\ntags'
 * printable('\u001b]0;x\u0007') // '\\e]0;x\\x07'
 */
export function printable(text: string, layout: 'line' | 'body' = 'line'): string {
  if (layout === 'line') return text.replace(EVERY_UNPRINTABLE, escaped);
  return text.replace(/\r\n/g, '\n').replace(BODY_UNPRINTABLE, escaped);
}
