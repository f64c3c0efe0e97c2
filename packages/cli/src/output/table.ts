import { paint } from './style.js';
import { visible } from './visible.js';

/** Left-aligned columns separated by two spaces; the header row is `headers`; cells shown {@link visible}. */
export function table(headers: readonly string[], cells: readonly (readonly string[])[]): string[] {
  const rows = cells.map((row) => row.map((cell) => visible(cell)));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [format(headers), ...rows.map(format)];
}

/** What a command prints as a table: a header row and rows of cells, the cells still raw. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The table as one text for `stream`, its header row bold where colours are on (see style.ts). */
export function tableText({ headers, rows }: Table, stream: NodeJS.WriteStream = process.stdout): string {
  const [header = '', ...lines] = table(headers, rows);
  return [paint(stream, 'bold', header), ...lines].join('\n');
}
