import { printable } from '@infer/core';
import { oneLine, redact } from './redact.js';

/**
 * Stored or user data as it may reach a terminal: core's `printable`, every control character,
 * line separator and reordering mark shown as an escape (`\e`, `\x07`, `\x9b`, `\u{202e}`).
 */
export const visible = printable;

/** A message for one line of stderr: one line, no credential, no control character. */
export function terminalLine(text: string): string {
  return visible(redact(oneLine(text)));
}
