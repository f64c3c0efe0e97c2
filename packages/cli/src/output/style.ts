/** ANSI styles, used only where they help: the prefix of error and warning lines, table headers. */
const CODES = Object.freeze({ red: [31, 39], yellow: [33, 39], bold: [1, 22] } as const);

export type Style = keyof typeof CODES;

/**
 * Whether to colour `stream`, by the rules ansis applies to oclif's own output: never when NO_COLOR
 * is set to anything but an empty string (https://no-color.org); always when FORCE_COLOR is set,
 * unless to `0` or `false`, which turn colours off; otherwise only on a terminal.
 */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) return forced !== '0' && forced !== 'false';
  return stream.isTTY === true;
}

export function paint(stream: NodeJS.WriteStream, style: Style, text: string): string {
  if (!colorEnabled(stream)) return text;
  const [open, close] = CODES[style];
  return `\u001B[${open}m${text}\u001B[${close}m`;
}
