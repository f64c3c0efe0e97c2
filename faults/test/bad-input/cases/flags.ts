import { EXIT, type Case } from '../harness.js';

export const cases: readonly Case[] = [
  // Flags oclif cannot parse: exit 2.
  { name: 'an unknown flag', args: ['migrate', '--bogus'], exit: EXIT.usage, error: /Nonexistent flag: --bogus/ },
  {
    name: 'a flag without its value',
    args: ['migrate', '--config'],
    exit: EXIT.usage,
    error: /Flag --config expects a value/,
  },
  {
    name: '--exit-code without --status',
    args: ['migrate', '--exit-code'],
    exit: EXIT.usage,
    error: /--exit-code: --status/,
  },
  {
    name: 'a flag of another subcommand',
    args: ['migrate', '--to', '001'],
    exit: EXIT.usage,
    error: /Nonexistent flag: --to/,
  },
  {
    name: 'a --limit that is not a number',
    args: ['conversations', 'list', '--limit', 'many'],
    exit: EXIT.usage,
    error: /many/,
  },
];
