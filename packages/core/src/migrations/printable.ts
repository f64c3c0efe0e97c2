/**
 * Characters that change what a terminal shows rather than print: control characters (newlines,
 * ESC, NUL, DEL...), Unicode line and paragraph separators, and the marks that reorder text.
 */
export const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const EVERY_UNPRINTABLE = new RegExp(UNPRINTABLE, 'gu');

/**
 * Text read from a directory or typed by a user, safe to put in a message: each {@link UNPRINTABLE}
 * character as a `\u{…}` escape.
 *
 * @example
 * printable('add\ntags') // 'add\\u{a}tags'
 */
export function printable(text: string): string {
  return text.replaceAll(EVERY_UNPRINTABLE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
