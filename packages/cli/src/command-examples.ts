/** One example of a command: what follows `infer <command>` (may be empty), and what it does. */
export type CommandExample = readonly [args: string, description: string];

/** The oclif examples of a command, each run as `infer <command> <args>` (help fills in the bin and command). */
export function commandExamples(...examples: readonly CommandExample[]): { command: string; description: string }[] {
  return examples.map(([args, description]) => ({
    command: `<%= config.bin %> <%= command.id %>${args === '' ? '' : ` ${args}`}`,
    description,
  }));
}
