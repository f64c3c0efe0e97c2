import type { Command } from '@oclif/core/command';

/**
 * A command's description written as prose: the lines of a paragraph are joined with spaces, and an
 * empty line starts the next paragraph on a line of its own (oclif shows the first as the summary).
 * Backslashes stay as written (`\e` is shown as `\e`); `${}` inserts a value.
 */
export function helpText(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw({ raw: strings.raw }, ...values)
    .trim()
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim().replace(/\s*\n\s*/g, ' '))
    .join('\n');
}

/**
 * One example of a command: what follows `infer <command>` (may be empty), what it shows, and the
 * environment variables set before it, if any (`INFER_STORAGE_SQLITE_PATH=/tmp/c.db`).
 */
export type CommandExample = readonly [args: string, description: string, environment?: string];

/** A command's examples: `['--json', 'The same as JSON']` is shown as `infer <command> --json`. */
export function examples(...examples: readonly CommandExample[]): Command.Example[] {
  return examples.map(([args, description, environment]) => ({
    command: [environment, '<%= config.bin %> <%= command.id %>', args].filter(Boolean).join(' '),
    description,
  }));
}
