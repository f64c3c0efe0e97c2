import type { Hook } from '@oclif/core';
import { ExitCode } from './exit-codes.js';
import { commandLine, errorLine } from './output/errors.js';
import { jsonRequested, writeJsonDocument } from './output/json.js';
import { stderrLine } from './output/stderr.js';
import { nearest } from './output/suggest.js';

/**
 * oclif's `command_not_found` hook: `infer migrat` gets one line on stderr and exit 2 (bad usage),
 * `Error: "migrat" is not an infer command. Fix: did you mean "infer migrate"? Run "infer --help"
 * for the commands`. The nearest command is the one fewest edits away (fast-levenshtein, as
 * @oclif/plugin-not-found measures it); unlike that plugin on a terminal, infer never offers to run
 * it: one keystroke after a typo would then run `migrate` or `migrate down`, and a terminal sees the
 * same line as a script. With --json among the arguments, the report is also printed on stdout as
 * `{"error": …}`, as a command's failure is.
 */
const commandNotFound: Hook.CommandNotFound = async function ({ id, argv, config }) {
  const commands = config.commands.filter((command) => !command.hidden);
  // What each candidate is, as the user would type it; commands first, so they win a tie.
  const typedAs = new Map<string, string>();
  for (const command of commands) {
    for (const name of [command.id, ...command.aliases]) typedAs.set(name, commandLine(name));
  }
  // A flag typed as a word, `infer migrate stauts`: the flags of the command the words begin with.
  for (const command of commands.filter((c) => id.startsWith(`${c.id}:`))) {
    for (const [name, flag] of Object.entries(command.flags)) {
      const key = `${command.id}:${name}`;
      if (!flag.hidden && !typedAs.has(key)) typedAs.set(key, `${commandLine(command.id)} --${name}`);
    }
  }
  const suggestion = typedAs.get(nearest(id, [...typedAs.keys()]) ?? '');
  const first = id.split(':')[0] ?? id;
  const help = config.findTopic(first) || config.findCommand(first) ? `${commandLine(first)} --help` : 'infer --help';
  const list = `"${help}" for the commands`;
  const hint = suggestion === undefined ? `run ${list}` : `did you mean "${suggestion}"? Run ${list}`;
  const report = { message: `"${id.replaceAll(':', ' ')}" is not an infer command`, hint, exitCode: ExitCode.Usage };
  // As every command fails with --json: the same report as a JSON document on stdout too.
  if (jsonRequested(argv ?? [])) writeJsonDocument({ error: report });
  stderrLine('red', 'Error:', errorLine(report));
  this.exit(ExitCode.Usage);
};

export default commandNotFound;
