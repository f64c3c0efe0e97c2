/** Where text goes; nothing is logged with --json (the command returns the report instead). */
export interface TextOutput {
  readonly json: boolean;
  log(line: string): void;
  /** A one-line warning on stderr, with --json too. */
  warn(line: string): void;
}
