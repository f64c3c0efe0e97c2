import { paint } from './style.js';
import { terminalColumns } from './terminal.js';
import { visible } from './visible.js';
import { displayWidth, padToWidth, truncateToWidth } from './width.js';

/** What a command prints as a table: a header row and rows of cells, the cells still raw. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Headers of the columns never cut to fit a terminal: values a user copies, such as an id. */
  readonly uncut?: readonly string[];
}

const GAP = '  ';

/**
 * Left-aligned columns separated by two spaces, aligned by display width (see width.ts); the
 * header row first, cells shown {@link visible}. Given `width`, the table is made to fit it: the
 * widest column that may be cut gives up columns first, no column narrower than its header, and a
 * cut cell ends in `…`. Without `width` every cell is whole.
 */
export function tableLines({ headers, rows, uncut = [] }: Table, width?: number): string[] {
  const cells = rows.map((row) => headers.map((_, column) => visible(row[column] ?? '')));
  const natural = headers.map((header, column) =>
    cells.reduce((widest, row) => Math.max(widest, displayWidth(row[column] ?? '')), displayWidth(header)),
  );
  const minimum = headers.map((header, column) => (uncut.includes(header) ? natural[column]! : displayWidth(header)));
  const widths = width === undefined ? natural : fitted(natural, minimum, width - GAP.length * (headers.length - 1));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => padToWidth(truncateToWidth(cell, widths[column]!), widths[column]!))
      .join(GAP)
      .trimEnd();
  return [line(headers), ...cells.map(line)];
}

/**
 * Column widths whose sum is at most `budget` where the minimums allow: the widest column above its
 * minimum shrinks, down to the next widest (or its minimum), until the excess is gone.
 */
function fitted(natural: readonly number[], minimum: readonly number[], budget: number): number[] {
  const widths = [...natural];
  let excess = widths.reduce((sum, w) => sum + w, 0) - budget;
  while (excess > 0) {
    const shrinkable = [...widths.keys()].filter((column) => widths[column]! > minimum[column]!);
    if (shrinkable.length === 0) break;
    const widest = shrinkable.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
    const next = Math.max(minimum[widest]!, ...shrinkable.filter((c) => c !== widest).map((c) => widths[c]!));
    const step = Math.max(1, Math.min(excess, widths[widest]! - next));
    widths[widest]! -= step;
    excess -= step;
  }
  return widths;
}

/**
 * The table as one text for `stream`: cut to the terminal's width on a terminal, whole when piped
 * (see terminal.ts); its header row bold where colours are on (see style.ts).
 */
export function tableText(table: Table, stream: NodeJS.WriteStream = process.stdout): string {
  const [header = '', ...lines] = tableLines(table, terminalColumns(stream));
  return [paint(stream, 'bold', header), ...lines].join('\n');
}
