import stringWidth from 'string-width';

/**
 * Text measured in terminal columns rather than UTF-16 units: CJK characters and emoji (flags, ZWJ
 * sequences such as 👩‍💻) take two columns, combining marks none (string-width's rules).
 */
export const displayWidth: (text: string) => number = stringWidth;

const ELLIPSIS = '…';
const graphemes = new Intl.Segmenter();

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
