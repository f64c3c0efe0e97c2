/**
 * How many columns output to `stream` may fill, or `undefined` for no limit. On a terminal: COLUMNS
 * when it is a positive whole number (as git and ls read it, so a user can ask for another width),
 * else the terminal's own width. Not on a terminal (piped to grep, redirected to a file) there is no
 * limit, whatever COLUMNS says: such output is read by programs, which expect every value whole.
 */
export function terminalColumns(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (stream.isTTY !== true) return undefined;
  const asked = Number(env.COLUMNS);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return stream.columns > 0 ? stream.columns : undefined;
}
