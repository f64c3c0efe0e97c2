import { createRequire } from 'node:module';

type StringWidth = typeof import('string-width').default;

/** Printable ASCII only: one column per character, as string-width would say. */
const NARROW = /^[\x20-\x7e]*$/;
let stringWidth: StringWidth | undefined;
let graphemes: Intl.Segmenter | undefined;

/**
 * Text measured in terminal columns rather than UTF-16 units: CJK characters and emoji (flags, ZWJ
 * sequences such as 👩‍💻) take two columns, combining marks none (string-width's rules). string-width
 * is loaded on the first text that is not printable ASCII: building its emoji expression costs a
 * start more than the rest of a status command (bench/FINDINGS.md).
 */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  stringWidth ??= (createRequire(import.meta.url)('string-width') as { default: StringWidth }).default;
  return stringWidth(text);
}

const ELLIPSIS = '…';

/**
 * `text` cut to at most `width` columns, ending in `…` when it was cut. It is cut between grapheme
 * clusters only, so an emoji sequence or a letter with its accents is kept whole or left out whole;
 * a wide character that would straddle the limit is left out, and the result is one column short.
 */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width < 1) return '';
  const room = width - displayWidth(ELLIPSIS);
  let kept = '';
  let used = 0;
  graphemes ??= new Intl.Segmenter();
  for (const { segment } of graphemes.segment(text)) {
    const segmentWidth = displayWidth(segment);
    if (used + segmentWidth > room) break;
    kept += segment;
    used += segmentWidth;
  }
  return `${kept.trimEnd()}${ELLIPSIS}`;
}

/** `text` followed by spaces up to `width` columns (unchanged when it is already that wide). */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
