import { EXIT, type Case } from '../harness.js';

export const cases: readonly Case[] = [
  // A mistyped command or flag: the nearest one suggested, exit 2, nothing run.
  {
    name: 'a mistyped command',
    args: ['migrat'],
    exit: EXIT.usage,
    error: /^Error: "migrat" is not an infer command\. Fix: did you mean "infer migrate"\?/,
  },
  {
    name: 'a mistyped command, with no database yet',
    args: ['migrat'],
    start: 'none',
    exit: EXIT.usage,
    error: /did you mean "infer migrate"\?/,
  },
  {
    name: 'a mistyped subcommand of a topic',
    args: ['conversations', 'lst'],
    exit: EXIT.usage,
    error: /"conversations lst" is not an infer command\. Fix: did you mean "infer conversations list"\?/,
  },
  {
    name: 'a flag typed as a subcommand',
    args: ['migrate', 'stauts'],
    exit: EXIT.usage,
    error: /did you mean "infer migrate --status"\?/,
  },
  {
    name: 'a mistyped flag',
    args: ['migrate', '--stauts'],
    exit: EXIT.usage,
    error: /Nonexistent flag: --stauts\. Fix: did you mean --status\?/,
  },
  {
    name: 'a mistyped negated flag of a subcommand',
    args: ['migrate', 'down', '--no-bakup'],
    exit: EXIT.usage,
    error: /Nonexistent flag: --no-bakup\. Fix: did you mean --no-backup\?/,
  },
];
