import { describe, expect, it } from 'vitest';
import { examples, helpText } from '../src/command-help.js';

describe('the help helpers of the commands', () => {
  it('joins the lines of a paragraph, starts each paragraph on a line, and keeps backslashes and values', () => {
    const code = 6;
    const text = helpText`
      Show one thing.

      Control characters are shown escaped (\e, \x07), and
      exit ${code} means
        it is not there.
    `;
    expect(text).toBe(
      'Show one thing.\nControl characters are shown escaped (\\e, \\x07), and exit 6 means it is not there.',
    );
  });

  it('writes each example as the command with its arguments', () => {
    expect(examples(['', 'Everything'], ['--json', 'As JSON'])).toEqual([
      { command: '<%= config.bin %> <%= command.id %>', description: 'Everything' },
      { command: '<%= config.bin %> <%= command.id %> --json', description: 'As JSON' },
    ]);
  });
});
