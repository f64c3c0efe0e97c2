import { inspect } from 'node:util';
import { ErrorCode, isInferError } from '@infer/core';
import { describe, expect, it } from 'vitest';
import { type Endpoint, noAnswerError } from '../src/endpoint.js';
import { toConnectionError } from '../src/errors.js';

const PASSWORD = 'pw-Errors-Kestrel:7v@/secret';

const endpoint: Endpoint = {
  host: 'cache.example',
  port: 6390,
  db: 2,
  connectTimeoutMs: 3000,
  commandTimeoutMs: 5000,
  tls: false,
  secrets: [PASSWORD],
};

/** A driver error quoting the password and carrying AUTH's arguments, as ioredis attaches them. */
function driverError(message: string, fields: object = {}): Error {
  return Object.assign(new Error(`${message} (while sending auth ${PASSWORD})`), {
    ...fields,
    command: { name: 'auth', args: ['default', PASSWORD] },
  });
}

/** The error, its hint and every cause, as anything could print them. */
function everything(error: Error & { hint?: string }): string {
  return [error.message, error.hint ?? '', inspect(error, { depth: Infinity, showHidden: true })].join('\n');
}

describe('toConnectionError', () => {
  it.each([
    [
      'refused',
      { code: 'ECONNREFUSED' },
      /^cannot connect to Redis at cache\.example:6390, database "2": connection refused \(/,
    ],
    ['unresolvable', { code: 'ENOTFOUND' }, /: host "cache\.example" cannot be resolved \(/],
    ['unreachable', { code: 'EHOSTUNREACH' }, /: host unreachable \(/],
    ['unanswered', { code: 'ETIMEDOUT' }, /: no answer within 3 s \(/],
  ])('words a socket failure (%s) as every backend does, without the password', (_, fields, expected) => {
    const error = toConnectionError(driverError('connect failed', fields), endpoint);
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error.message).toMatch(expected);
    expect(error.hint).toMatch(/storage\.redis\./);
    expect(everything(error)).not.toContain(PASSWORD);
  });

  it('names the variable of the host in the hint of a host that cannot be resolved', () => {
    expect(toConnectionError(driverError('getaddrinfo', { code: 'EAI_AGAIN' }), endpoint).hint).toBe(
      'correct storage.redis.host (or INFER_STORAGE_REDIS_HOST)',
    );
  });

  it('words a connect timeout without a driver error as ioredis would', () => {
    expect(toConnectionError(noAnswerError(), endpoint).message).toBe(
      'cannot connect to Redis at cache.example:6390, database "2": no answer within 3 s (connect ETIMEDOUT)',
    );
  });

  it.each([
    [
      'a refused password',
      driverError('WRONGPASS invalid username-password pair'),
      /the server refused the credentials/,
    ],
    ['a lost connection', driverError('Command aborted due to connection close'), /the connection was lost/],
    ['a failed command', driverError('ERR unknown command'), /the command failed \(ERR unknown command/],
  ])("words %s in Redis's words, without the password", (_, driver, expected) => {
    const error = toConnectionError(driver, endpoint);
    expect(error.message).toMatch(/^Redis at cache\.example:6390\/2: /);
    expect(error.message).toMatch(expected);
    expect(everything(error)).not.toContain(PASSWORD);
  });
});
