import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, type Case } from '../harness.js';

/** A flag that takes a configuration file, given the directory `dir`: the line suggests a file in it. */
function configFileFlagNamingDirectory(name: string, args: readonly string[], flag: string, dir: string): Case {
  return {
    name,
    args: [...args, flag, dir],
    exit: EXIT.config,
    error: new RegExp(
      `^Error: ${flag}: config file .*${dir} is a directory, not a file\\. Fix: pass the path of an existing ` +
        `YAML file to ${flag}, or create one in it with "infer init --config ${dir}/config\\.yaml"$`,
    ),
    setup: ({ sb }) => {
      mkdirSync(join(sb.cwd, dir));
    },
  };
}

/** A flag's value that cannot work: the line names the flag as the user typed it. */
export const cases: readonly Case[] = [
  {
    name: 'storage copy without its required --to',
    args: ['storage', 'copy'],
    exit: EXIT.usage,
    error: /^Error: Missing required flag --to\b/,
  },
  configFileFlagNamingDirectory('--config naming a directory', ['migrate'], '--config', 'conf'),
  configFileFlagNamingDirectory('storage copy --to naming a directory', ['storage', 'copy'], '--to', 'target'),
  {
    name: 'conversations export --output naming a directory',
    args: ['conversations', 'export', 'some-id', '--output', 'exports'],
    exit: EXIT.config,
    error: /^Error: --output exports is a directory; nothing was written\. Fix: .*--output exports\/some-id\.json$/,
    setup: ({ sb }) => {
      mkdirSync(join(sb.cwd, 'exports'));
    },
  },
  {
    name: 'config trust --list with a file',
    args: ['config', 'trust', 'some.yaml', '--list'],
    exit: EXIT.usage,
    error: /--list takes no file/,
  },
];
