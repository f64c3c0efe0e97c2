import { describe, expect, it } from 'vitest';
import { ErrorCode, isInferError } from '../src/index.js';
import { type ConnectionFailureOptions, codeOf, connectionFailure, redactCredentials } from '../src/kit/index.js';

const PASSWORD = 'Pw-kit-9e1!';
const OPTIONS: ConnectionFailureOptions = {
  engine: 'MariaDB',
  type: 'mariadb',
  target: { host: 'db.example', port: 3306, database: 'infer', user: 'app' },
  connectTimeoutSeconds: 10,
  password: PASSWORD,
  codes: {
    ER_BAD_DB_ERROR: ({ target }) => ({
      reason: `database "${target.database}" does not exist`,
      hint: `create it, or set storage.mariadb.database`,
    }),
    ECONNRESET: () => ({ reason: 'the server hung up', hint: 'check the server', state: 'lost' }),
  },
};

const coded = (code: string, message = `${code} happened`) => Object.assign(new Error(message), { code });

describe('connectionFailure', () => {
  it.each([
    [
      'ECONNREFUSED',
      /^cannot connect to MariaDB at db\.example:3306, database "infer": connection refused \(/,
      /start MariaDB, or correct storage\.mariadb\.host and storage\.mariadb\.port/,
    ],
    ['ENOTFOUND', /: host "db\.example" cannot be resolved/, /INFER_STORAGE_MARIADB_HOST/],
    ['EAI_AGAIN', /: host "db\.example" cannot be resolved/, /storage\.mariadb\.host/],
    ['ETIMEDOUT', /: no answer within 10 s/, /raise storage\.mariadb\.connect_timeout/],
    ['EHOSTUNREACH', /: host unreachable/, /network path/],
    ['EPIPE', /: the connection was closed/, /running MariaDB server/],
  ])('%s: one line naming engine, host:port and database, and which settings to correct', (code, message, hint) => {
    const error = connectionFailure(coded(code), OPTIONS)!;
    expect(isInferError(error, ErrorCode.Connection)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    expect(error.hint).toMatch(hint);
  });

  it("the driver's own codes, which may override the common ones and say the connection was lost", () => {
    const missing = connectionFailure(coded('ER_BAD_DB_ERROR', "Unknown database 'infer'"), OPTIONS)!;
    expect(missing.message).toBe(
      `cannot connect to MariaDB at db.example:3306, database "infer": database "infer" does not exist ` +
        "(Unknown database 'infer')",
    );
    expect(missing.hint).toBe('create it, or set storage.mariadb.database');
    expect(connectionFailure(coded('ECONNRESET'), OPTIONS)!.message).toMatch(/^lost the connection to MariaDB at /);
  });

  it('finds the code through causes and AggregateError; an error that is not about connecting is left alone', () => {
    const wrapped = new Error('query failed', { cause: new AggregateError([coded('ECONNREFUSED')], 'all failed') });
    expect(codeOf(wrapped)).toBe('ECONNREFUSED');
    expect(codeOf(Object.assign(new Error('x'), { code: 'E_CONNECTION', cause: coded('ENOTFOUND') }))).toBe(
      'ENOTFOUND',
    );
    expect(codeOf('text')).toBeUndefined();
    expect(connectionFailure(coded('ER_PARSE_ERROR'), OPTIONS)).toBeUndefined();
    expect(connectionFailure(new Error('no code'), OPTIONS)).toBeUndefined();
  });

  it('a diagnosis by message for failures without a code; brackets an IPv6 host; can leave out the driver text', () => {
    const options: ConnectionFailureOptions = {
      ...OPTIONS,
      target: { ...OPTIONS.target, host: '::1' },
      quoteDriverMessage: false,
      diagnose: (error) => (/TLS/.test(String(error)) ? { reason: 'TLS refused', hint: 'disable TLS' } : undefined),
    };
    expect(connectionFailure(new Error('TLS handshake refused'), options)!.message).toBe(
      'cannot connect to MariaDB at [::1]:3306, database "infer": TLS refused',
    );
  });

  it('never shows a password or a URL with credentials, and drops a cause that quotes one', () => {
    const quoting = coded('ECONNREFUSED', `connect failed for mysql://app:${PASSWORD}@db.example:3306/infer`);
    const error = connectionFailure(quoting, OPTIONS)!;
    expect(error.message).not.toContain(PASSWORD);
    expect(error.message).toMatch(
      /connection refused \(connect failed for mysql:\/\/\*\*\*@db\.example:3306\/infer\)$/,
    );
    expect(error.cause).toBeUndefined();

    const plain = connectionFailure(coded('ECONNREFUSED', `refused, password was ${PASSWORD}`), OPTIONS)!;
    expect(plain.message).toMatch(/: connection refused$/);
    expect(plain.cause).toBeUndefined();

    const harmless = coded('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.2:3306');
    expect(connectionFailure(harmless, OPTIONS)!.cause).toBe(harmless);
    expect(redactCredentials('see postgres://u:p@h/db and redis://:secret@h:6379')).toBe(
      'see postgres://***@h/db and redis://***@h:6379',
    );
  });
});
