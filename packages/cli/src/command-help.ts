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
 * A command's examples from `[arguments, what it shows]` pairs: `['--json', 'The same as JSON']`
 * is shown as `infer <command> --json`.
 */
export function examples(...pairs: readonly (readonly [args: string, description: string])[]): Command.Example[] {
  return pairs.map(([args, description]) => ({
    command: `<%= config.bin %> <%= command.id %>${args === '' ? '' : ` ${args}`}`,
    description,
  }));
}
