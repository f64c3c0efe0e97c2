import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, type Case } from '../harness.js';

/** A flag's value that cannot work: the line names the flag as the user typed it. */
export const cases: readonly Case[] = [
  {
    name: 'storage copy without its required --to',
    args: ['storage', 'copy'],
    exit: EXIT.usage,
    error: /^Error: Missing required flag --to\b/,
  },
  {
    name: '--config naming a directory',
    args: ['migrate', '--config', 'conf'],
    exit: EXIT.config,
    error: new RegExp(
      /^Error: --config: config file .*conf is a directory, not a file\. Fix: pass the path of an existing /.source +
        /YAML file to --config, or create one in it with "infer init --config conf\/config\.yaml"$/.source,
    ),
    setup: ({ sb }) => {
      mkdirSync(join(sb.cwd, 'conf'));
    },
  },
  {
    name: 'storage copy --to naming a directory',
    args: ['storage', 'copy', '--to', 'target'],
    exit: EXIT.config,
    error: new RegExp(
      /^Error: --to: config file .*target is a directory, not a file\. Fix: pass the path of an existing /.source +
        /YAML file to --to, or create one in it with "infer init --config target\/config\.yaml"$/.source,
    ),
    setup: ({ sb }) => {
      mkdirSync(join(sb.cwd, 'target'));
    },
  },
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
