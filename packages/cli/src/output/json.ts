/**
 * A `--json` document on stdout: plain, indented JSON (oclif's own `logJson` colours it on a terminal,
 * which breaks consumers that expect a parseable document).
 */
export function writeJsonDocument(json: unknown): void {
  process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
}

/** Whether `argv` asks for JSON output: `--json` before any `--` (after it, words are arguments). */
export function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
