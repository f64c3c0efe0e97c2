import { existsSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { reportWithSuggestion } from '../src/output/errors.js';
import { expectDocument } from './documents.js';
import { expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';
import { inferOnTerminal } from './terminal.js';

const NOT_FOUND = (typed: string, suggestion: string, help = 'infer --help') =>
  `Error: "${typed}" is not an infer command. Fix: did you mean "${suggestion}"? Run "${help}" for the commands`;

describe('a mistyped command: the nearest one suggested, one line, exit 2, nothing run', () => {
  const sb = sandbox();

  it.each([
    [['migrat'], NOT_FOUND('migrat', 'infer migrate')],
    [['backend'], NOT_FOUND('backend', 'infer backends')],
    [['conversatins', 'list'], NOT_FOUND('conversatins list', 'infer conversations list')],
    // Topics with spaces: the words after a topic, or a command's flag typed as a word.
    [
      ['conversations', 'lst'],
      NOT_FOUND('conversations lst', 'infer conversations list', 'infer conversations --help'),
    ],
    [['migrate', 'dwn', '--to', '001'], NOT_FOUND('migrate dwn', 'infer migrate down', 'infer migrate --help')],
    [['migrate', 'stauts'], NOT_FOUND('migrate stauts', 'infer migrate --status', 'infer migrate --help')],
  ])('infer %j', (args, line) => {
    const result = infer(sb, args);
    expectOneLineError(result, 2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
    expect(existsSync(sb.defaultDb)).toBe(false);
  });

  it('suggests nothing when no command is near', () => {
    const result = infer(sb, ['xyzzy']);
    expectOneLineError(result, 2);
    expect(result.stderr).toBe('Error: "xyzzy" is not an infer command. Fix: run "infer --help" for the commands\n');
  });

  it('shows what was typed escaped', () => {
    expectOneLineError(infer(sb, ['mig\u001B[31mrate']), 2, String.raw`"mig\e[31mrate" is not an infer command`);
  });

  it('with --json, also the error document on stdout, as a command that fails prints it', () => {
    for (const [args, typed, suggestion, help] of [
      [['migrat', '--json'], 'migrat', 'infer migrate', 'infer --help'],
      [
        ['conversations', 'lst', '--limit', '3', '--json'],
        'conversations lst',
        'infer conversations list',
        'infer conversations --help',
      ],
    ] as const) {
      const result = infer(sb, args);
      expectOneLineError(result, 2);
      expect(result.stderr).toBe(`${NOT_FOUND(typed, suggestion, help)}\n`);
      expect(expectDocument(result.stdout, 'errorReport', 'migrate')).toEqual({
        error: {
          message: `"${typed}" is not an infer command`,
          hint: `did you mean "${suggestion}"? Run "${help}" for the commands`,
          exitCode: 2,
        },
      });
    }
    // After "--" it is an argument, not the flag.
    expect(infer(sb, ['migrat', '--', '--json']).stdout).toBe('');
  });

  it('on a terminal too: the same line, no question, and the suggestion is not run', () => {
    const shown = inferOnTerminal(sb, ['migrat'], { input: 'y\n' });
    expect(shown.code).toBe(2);
    // The terminal echoes the "y" typed in case of a question; nothing else is shown.
    const lines = stripVTControlCharacters(shown.screen)
      .split('\n')
      .filter((line) => line !== '' && line !== 'y');
    expect(lines).toEqual([NOT_FOUND('migrat', 'infer migrate')]);
    expect(existsSync(sb.defaultDb)).toBe(false);
  });
});

describe('a mistyped flag: the nearest flag of that command suggested', () => {
  const sb = sandbox();

  it.each([
    [['migrate', '--stauts'], '--stauts', '--status', 'infer migrate'],
    [['migrate', '--no-bakup'], '--no-bakup', '--no-backup', 'infer migrate'],
    [['migrate', '--hepl'], '--hepl', '--help', 'infer migrate'],
    [['conversations', 'list', '--limt=3'], '--limt=3', '--limit', 'infer conversations list'],
    [['migrate', 'down', '--too', '001'], '--too', '--to', 'infer migrate down'],
  ])('infer %j', (args, typed, flag, command) => {
    const result = infer(sb, args);
    expectOneLineError(result, 2);
    expect(result.stderr).toBe(
      `Error: Nonexistent flag: ${typed}. Fix: did you mean ${flag}? Otherwise see "${command} --help"\n`,
    );
    expect(existsSync(sb.defaultDb)).toBe(false);
  });

  it('suggests for each of several, in the --json error too, and on a terminal', () => {
    const result = infer(sb, ['migrate', '--json', '--stauts', '--dryrun', '--bogus']);
    const hint = 'did you mean --status for --stauts, --dry-run for --dryrun? Otherwise see "infer migrate --help"';
    expectOneLineError(result, 2, `Fix: ${hint}`);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { message: 'Nonexistent flags: --stauts, --dryrun, --bogus', hint, exitCode: 2 },
    });
    const shown = inferOnTerminal(sb, ['migrate', '--stauts'], { env: { NO_COLOR: '1' } });
    expect(shown).toEqual({
      code: 2,
      screen: 'Error: Nonexistent flag: --stauts. Fix: did you mean --status? Otherwise see "infer migrate --help"\n',
    });
  });

  it('suggests nothing when no flag is near: --to is a flag of migrate down, not of migrate', () => {
    expect(infer(sb, ['migrate', '--to', '001']).stderr).toBe(
      'Error: Nonexistent flag: --to. Fix: see "infer migrate --help"\n',
    );
    expect(infer(sb, ['conversations', 'show', 'x', '--stauts']).stderr).toBe(
      'Error: Nonexistent flag: --stauts. Fix: see "infer conversations show --help"\n',
    );
  });

  it('names a missing required flag as it is typed', () => {
    expectOneLineError(infer(sb, ['migrate', 'baseline']), 2, /^Error: Missing required flag --to\b/);
  });
});

describe('reportWithSuggestion', () => {
  const unknownFlag = (typed: string[]) =>
    Object.assign(new Error(`Nonexistent flag: ${typed.join(', ')}\nSee more help with --help`), {
      oclif: { exit: 2 },
      flags: typed,
      parse: { input: { flags: { status: { type: 'boolean' }, stats: { type: 'boolean', hidden: true } } } },
    });

  it('offers no hidden flag, and nothing for a short flag or another error', async () => {
    expect(reportWithSuggestion(unknownFlag(['--stat']), 'migrate').hint).toBe(
      'did you mean --status? Otherwise see "infer migrate --help"',
    );
    expect(reportWithSuggestion(unknownFlag(['-z']), 'migrate').hint).toBe('see "infer migrate --help"');
    expect(reportWithSuggestion(new Error('boom'))).toEqual({ message: 'boom', exitCode: 1 });
  });
});
