/**
 * One example of a command: what follows `infer <command>` (may be empty), what it does, and the
 * environment variables set before it, if any (`INFER_STORAGE_SQLITE_PATH=/tmp/c.db`).
 */
export type CommandExample = readonly [args: string, description: string, environment?: string];

/** The oclif examples of a command, each run as `infer <command> <args>` (help fills in the bin and command). */
export function commandExamples(...examples: readonly CommandExample[]): { command: string; description: string }[] {
  return examples.map(([args, description, environment]) => ({
    command: [environment, '<%= config.bin %> <%= command.id %>', args].filter(Boolean).join(' '),
    description,
  }));
}
