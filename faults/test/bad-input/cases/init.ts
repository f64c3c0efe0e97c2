import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listing, snapshot } from '@infer/test-servers/cli';
import { EXIT, type Case, type Context, type Prepared } from '../harness.js';

/**
 * `infer init` where a file cannot go, or is there already: a hint that says to run `infer init`
 * repeats the `--config` (and `--type`) given, so that following it writes that file and no other.
 */

/** What must stay as it was: every name under the working directory, what its files hold, the database. */
function untouched({ sb, db }: Context) {
  return () => ({
    names: listing(sb.cwd),
    files: listing(sb.cwd)
      .filter((name) => statSync(join(sb.cwd, name)).isFile())
      .map((name) => readFileSync(join(sb.cwd, name), 'utf8')),
    db: snapshot(db),
  });
}

/** A setup that makes a directory `name` in the working directory, with a file in it. */
function directory(name: string) {
  return (context: Context): Prepared => {
    mkdirSync(join(context.sb.cwd, name), { recursive: true });
    writeFileSync(join(context.sb.cwd, name, 'notes.txt'), 'mine\n');
    return { fingerprint: untouched(context) };
  };
}

const NAME_A_FILE = /^Error: --config: settings is a directory, not a file\. Fix: name a file, e\.g\. /;

export const cases: readonly Case[] = [
  {
    name: 'init --config naming a directory',
    args: ['init', '--config', 'settings', '--skip-migrations'],
    exit: EXIT.config,
    error: new RegExp(NAME_A_FILE.source + /"infer init --config settings\/config\.yaml"$/.source),
    setup: directory('settings'),
  },
  {
    name: 'init --config naming a directory, with --overwrite',
    args: ['init', '--config', 'settings', '--overwrite', '--type', 'sqlite'],
    exit: EXIT.config,
    error: new RegExp(NAME_A_FILE.source + /"infer init --config settings\/config\.yaml --type sqlite"$/.source),
    setup: directory('settings'),
  },
  {
    name: 'init where .infer/config.yaml is a directory',
    args: ['init'],
    exit: EXIT.config,
    error:
      /^Error: \.infer\/config\.yaml is a directory, not a file\. Fix: move it out of the way, then run "infer init"/,
    setup: directory(join('.infer', 'config.yaml')),
  },
  {
    name: 'init --config naming an existing file',
    args: ['init', '--config', 'mine.yaml', '--type', 'sqlite'],
    exit: EXIT.config,
    error: new RegExp(
      /^Error: mine\.yaml already exists; nothing was written\. Fix: run /.source +
        /"infer init --config mine\.yaml --type sqlite --overwrite" to replace it/.source,
    ),
    setup: (context) => {
      writeFileSync(join(context.sb.cwd, 'mine.yaml'), 'storage:\n  type: sqlite\n');
      return { fingerprint: untouched(context) };
    },
  },
  {
    name: '--config naming a missing file: the hint creates that file',
    args: ['conversations', 'list', '--config', 'nope.yaml'],
    exit: EXIT.config,
    error: /config file \S+\/nope\.yaml does not exist\. Fix: .*, or create it with "infer init --config nope\.yaml"$/,
  },
];
