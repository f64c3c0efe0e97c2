import { ConfigurationError, ConnectionError, ErrorCode, InferError, MigrationError } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../src/exit-codes.js';
import { debugDetails, errorLine, reportOf } from '../src/output/errors.js';
import { oneLine, redact } from '../src/output/redact.js';
import { colorEnabled } from '../src/output/style.js';

describe('error reports', () => {
  it('maps every infer error code to its documented exit code', () => {
    expect(Object.values(ErrorCode).map((code) => [code, exitCodeOf(code)])).toEqual([
      ['E_NOT_FOUND', 6],
      ['E_CONFIG', 3],
      ['E_CONNECTION', 4],
      ['E_MIGRATION', 5],
      ['E_MIGRATION_DEFINITION', 11],
      ['E_MIGRATION_DRIFT', 8],
      ['E_DATABASE_AHEAD', 9],
      ['E_LOCK_TIMEOUT', 10],
      ['E_BASELINE', 11],
      ['E_BACKEND_NOT_INSTALLED', 3],
      ['E_INCOMPATIBLE_BACKEND', 3],
      ['E_CLOSED', 1],
      ['E_COPY_INCOMPLETE', 12],
      ['E_UNSUPPORTED_VALUE', 13],
      ['E_DOCUMENT_LIMIT', 14],
      ['E_UNTRUSTED_CONFIG', 15],
      ['E_INTERRUPTED', 130],
    ]);
    expect(exitCodeOf('E_FROM_THE_FUTURE')).toBe(1);
  });

  it('recognises an infer error from another copy of core by its brand, not its class', () => {
    const foreign = new ConnectionError('cannot connect');
    Object.setPrototypeOf(foreign, Error.prototype);
    expect(reportOf(foreign)).toMatchObject({ code: 'E_CONNECTION', exitCode: 4 });
    expect(reportOf(Object.assign(new Error('x'), { code: 'E_CONNECTION' }))).toMatchObject({ exitCode: 1 });
  });

  it('renders message and hint on one line', () => {
    const error = new ConfigurationError('storage.type: bad (in /x/config.yaml)', {
      hint: 'correct it in /x/config.yaml',
    });
    expect(errorLine(reportOf(error))).toBe('storage.type: bad (in /x/config.yaml). Fix: correct it in /x/config.yaml');
    const multiLine = new MigrationError('002', 'Add table', new Error('near "x":\nsyntax error'), []);
    expect(errorLine(reportOf(multiLine))).not.toContain('\n');
    expect(reportOf(new InferError(ErrorCode.NotFound, 'gone.'))).toEqual({
      code: 'E_NOT_FOUND',
      message: 'gone.',
      exitCode: 6,
    });
  });

  it('keeps the exit code oclif gave its usage errors, and 1 for anything else', () => {
    expect(
      reportOf(Object.assign(new Error('Nonexistent flag: --x\nSee more help with --help'), { oclif: { exit: 2 } })),
    ).toEqual({
      message: 'Nonexistent flag: --x. See more help with --help',
      exitCode: 2,
    });
    const parse = Object.assign(
      new Error('The following error occurred:\n  --to needs --status\nSee more help with --help'),
      { oclif: { exit: 2 } },
    );
    expect(reportOf(parse, 'migrate:down')).toEqual({
      message: '--to needs --status',
      hint: 'see "infer migrate down --help"',
      exitCode: 2,
    });
    expect(reportOf(new TypeError('boom')).exitCode).toBe(1);
    expect(reportOf('a string').message).toBe('a string');
  });

  it('walks the cause chain for DEBUG', () => {
    const details = debugDetails(new Error('outer', { cause: new Error('inner', { cause: 'root' }) }));
    expect(details).toMatch(/^Error: outer\n {4}at /);
    expect(details).toContain('\nCaused by: Error: inner\n');
    expect(details).toMatch(/\nCaused by: root$/);
  });
});

describe('redact', () => {
  it('hides passwords in connection strings and key=value settings', () => {
    expect(redact('connect postgres://infer:s3cr3t@db:5432/x failed')).toBe(
      'connect postgres://infer:***@db:5432/x failed',
    );
    expect(redact('redis://:hunter2@cache:6379')).toBe('redis://:***@cache:6379');
    expect(redact("host=db password='a b' user=x")).toBe('host=db password=*** user=x');
    expect(redact('postgres://db:5432/x and http://example.com')).toBe('postgres://db:5432/x and http://example.com');
  });

  it('makes one line of several', () => {
    expect(oneLine('first line\n  second\n\nthird.')).toBe('first line. second. third.');
  });
});

describe('colours', () => {
  const stream = (isTTY: boolean) => ({ isTTY }) as NodeJS.WriteStream;
  it('on a terminal, never with NO_COLOR set to a value, always with FORCE_COLOR unless 0 or false', () => {
    expect(colorEnabled(stream(true), {})).toBe(true);
    expect(colorEnabled(stream(false), {})).toBe(false);
    expect(colorEnabled(stream(true), { NO_COLOR: '1' })).toBe(false);
    // https://no-color.org: an empty NO_COLOR is as good as none.
    expect(colorEnabled(stream(true), { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(stream(false), { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(stream(false), { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(stream(true), { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(stream(true), { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(stream(false), { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});
