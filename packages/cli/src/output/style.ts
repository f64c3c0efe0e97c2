/** ANSI styles, used only where they help: the prefix of error and warning lines, table headers. */
const CODES = Object.freeze({ red: [31, 39], yellow: [33, 39], bold: [1, 22] } as const);

export type Style = keyof typeof CODES;

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined;
}

export function paint(stream: NodeJS.WriteStream, style: Style, text: string): string {
  if (!colorEnabled(stream)) return text;
  const [open, close] = CODES[style];
  return `\u001B[${open}m${text}\u001B[${close}m`;
}
