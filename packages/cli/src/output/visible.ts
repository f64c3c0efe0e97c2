import { oneLine, redact } from './redact.js';

/**
 * C0 controls, DEL and C1 controls: what a terminal may act on (ESC starts a sequence that can move
 * the cursor, rewrite the title, set the clipboard; C1 CSI does the same without ESC).
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
const BODY_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const NAMED: Readonly<Record<string, string>> = Object.freeze({ '\u001B': '\\e', '\n': '\\n', '\r': '\\r', '\t': '\\t' });

const escaped = (char: string) => NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * Stored or user data as it may reach a terminal: every control character shown as an escape
 * (`\e`, `\x07`, `\x9b`). A `line` (a title, an id, a description) keeps no control at all; a
 * `body` (an entry's text, a migration's SQL) keeps its newlines and tabs, CRLF read as a newline.
 */
export function visible(text: string, layout: 'line' | 'body' = 'line'): string {
  if (layout === 'line') return text.replace(CONTROL, escaped);
  return text.replace(/\r\n/g, '\n').replace(BODY_CONTROL, escaped);
}

/** A message for one line of stderr: one line, no credential, no control character. */
export function terminalLine(text: string): string {
  return visible(redact(oneLine(text)));
}
