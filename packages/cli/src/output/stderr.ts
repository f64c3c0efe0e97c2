import { type Style, paint } from './style.js';
import { terminalLine } from './visible.js';

/**
 * `Error: …` or `Warning: …` as one line on stderr: the prefix coloured where colours are on
 * (style.ts), the text made one line with no credential or control character ({@link terminalLine}).
 */
export function stderrLine(style: Style, prefix: string, text: string): void {
  process.stderr.write(`${paint(process.stderr, style, prefix)} ${terminalLine(text)}\n`);
}
