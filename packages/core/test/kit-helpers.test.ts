import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, type Migration, isInferError, mergeMigrations } from '../src/index.js';
import {
  database,
  host,
  password,
  poolSize,
  port,
  seconds,
  section,
  tlsFile,
  tlsMode,
  username,
} from '../src/kit/config.js';
import {
  CONVERSATION_COLUMNS,
  MigrationLockTimeoutError,
  TLS_MODES,
  conversationColumnValues,
  metadataOfColumns,
  entryTimes,
  parseSection,
  sectionParser,
} from '../src/kit/index.js';

const schema = section({
  ssl_mode: tlsMode(['disable', 'prefer', ...TLS_MODES], 'prefer'),
  host: host('db.example'),
  username: username('app'),
  port: port(5433),
  password: password(),
  database: database('acme'),
  lock_timeout: seconds('time to wait for the migration lock', 60),
  pool_size: poolSize(4),
  ssl_root_cert: tlsFile(true),
});
const parse = sectionParser('acme', schema);

function refusal(input: unknown): Error & { path?: string; hint?: string } {
  try {
    parseSection('acme', schema, input);
  } catch (error) {
    expect(isInferError(error, ErrorCode.Configuration)).toBe(true);
    return error as Error;
  }
  return expect.fail('expected a configuration error');
}

describe('config fields and the section parser', () => {
  it('fills the defaults the schema holds; a numeric password is text, an empty one none', () => {
    expect(parse()).toEqual({
      ssl_mode: 'prefer',
      host: 'db.example',
      username: 'app',
      port: 5433,
      password: undefined,
      database: 'acme',
      lock_timeout: 60,
      pool_size: 4,
      ssl_root_cert: undefined,
    });
    expect(parse({ password: 1234 as unknown as string }).password).toBe('1234');
    expect(parse({ password: '' }).password).toBeUndefined();
    expect(parse({ host: ' db ', ssl_root_cert: '~/ca.pem' })).toMatchObject({
      host: 'db',
      ssl_root_cert: join(homedir(), 'ca.pem'),
    });
    expect(parse({ ssl_root_cert: 'system' }).ssl_root_cert).toBe('system');
    expect(parse(parse({ port: 3307 }))).toEqual(parse({ port: 3307 }));
  });

  it.each([
    [{ hostname: 'db' }, 'storage.acme.hostname: unknown key (check its spelling against the documentation)'],
    [{ host: '  ' }, 'storage.acme.host: must name a host, e.g. db.example'],
    [{ port: 70000 }, 'storage.acme.port: Invalid value: Expected <=65535 but received 70000'],
    [{ port: 1.5 }, 'storage.acme.port: must be a whole number'],
    [{ pool_size: 0 }, 'storage.acme.pool_size: Invalid value: Expected >=1 but received 0'],
    [{ lock_timeout: 0 }, 'storage.acme.lock_timeout: must be more than 0 seconds'],
    [
      { lock_timeout: 'soon' },
      'storage.acme.lock_timeout: must be a number of seconds (time to wait for the migration lock)',
    ],
    [{ lock_timeout: 3e6 }, 'storage.acme.lock_timeout: must be at most 2147483 seconds (24 days)'],
    [{ ssl_mode: 'on' }, 'storage.acme.ssl_mode: Invalid type: Expected ('],
  ])('names the key of a bad value: %j', (input, message) => {
    const error = refusal(input);
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.path).toBe(message.split(':')[0]);
    expect(error.hint).toBe('pass a valid value');
  });

  it('refuses an asynchronous schema instead of returning a promise', () => {
    const lazy = { '~standard': { version: 1 as const, vendor: 'x', validate: async (value: unknown) => ({ value }) } };
    expect(() => parseSection('acme', lazy, {})).toThrow(/validates asynchronously/);
  });
});

describe('mergeMigrations', () => {
  const one: Migration = { version: '001', description: 'One', up: 'SELECT 1' };
  const own: Migration = { version: '900', description: 'Own', up: 'SELECT 2' };
  it('puts the shipped migrations first, then the application’s; none adds nothing', () => {
    expect(mergeMigrations([one], [own])).toEqual([one, own]);
    expect(mergeMigrations([one])).toEqual([one]);
    expect(mergeMigrations('none', [own])).toEqual([own]);
    expect(mergeMigrations('none')).toEqual([]);
  });
});

describe('the conversation columns of the shared SQL schema', () => {
  it('encodes the metadata column by column, the document without its optimized messages', () => {
    const metadata = {
      id: 'c1',
      title: 'T',
      created_at: '2025-12-19T20:00:00+02:00',
      updated_at: '2025-12-19T21:00:00+02:00',
      model: 'm'.repeat(300),
      optimized_messages: [{ role: 'user' }],
      title_generation_time: 'not a time',
      context_id: 'k',
    };
    const utc = (t: string) => {
      const ms = Date.parse(t);
      if (Number.isNaN(ms)) throw new RangeError(t);
      return new Date(ms).toISOString();
    };
    const values = conversationColumnValues(metadata as never, { time: utc });
    const row = Object.fromEntries(CONVERSATION_COLUMNS.map((column, i) => [column, values[i]]));
    expect(row).toMatchObject({
      id: 'c1',
      created_at: '2025-12-19T18:00:00.000Z',
      tags: '[]',
      summary: '',
      optimized_messages: '[{"role":"user"}]',
      token_stats: '{}',
      title_generated: false,
      title_generation_time: null,
    });
    expect((row.model as string).length).toBe(255);
    expect(JSON.parse(row.metadata as string)).toEqual({ ...metadata, optimized_messages: undefined });
    expect(entryTimes([{ time: '2025-12-19T20:00:00+02:00' }, {}] as never, 'fallback')).toEqual([
      '2025-12-19T18:00:00.000Z',
      'fallback',
    ]);
  });

  it('reads the metadata back from the columns alone, leaving out what was written for a missing field', () => {
    const at = '2025-12-19T18:00:00Z';
    const always = { id: 'c2', title: 'Columns', created_at: at, updated_at: at, message_count: 2 };
    const flags = { title_generated: true, title_invalidated: false };
    const token_stats = { total_input_tokens: 1 };
    const empty = { cost_stats: {}, model: '', tags: [], summary: '', title_generation_time: null };
    const columns = { ...always, ...flags, ...empty, token_stats };
    expect(metadataOfColumns(columns)).toEqual({ ...always, ...flags, token_stats });
    const full = { cost_stats: { total: 1 }, model: 'm', tags: ['a'], summary: 's', title_generation_time: at };
    expect(metadataOfColumns({ ...columns, ...full })).toEqual({ ...always, ...flags, token_stats, ...full });
    // Values of another type than the field's (another program wrote them) are left out too.
    expect(metadataOfColumns({ ...columns, token_stats: null, cost_stats: [1], tags: 'a' })).toEqual({
      ...always,
      ...flags,
    });
  });
});

describe('MigrationLockTimeoutError', () => {
  const target = { host: 'db', port: 3306, database: 'infer' };
  const describeHolder = (h: { id: number }) => ({
    who: `connection ${h.id}`,
    details: ['user "app"'],
    end: `KILL ${h.id}`,
  });
  it('names the engine, the database, the wait and the holder, and how to end it', () => {
    class AcmeLockTimeoutError extends MigrationLockTimeoutError<{ id: number }> {}
    const error = new AcmeLockTimeoutError({
      engine: 'MariaDB',
      type: 'mariadb',
      target,
      timeoutMs: 500,
      holder: { id: 12 },
      describe: describeHolder,
    });
    expect(error.name).toBe('AcmeLockTimeoutError');
    expect(isInferError(error, ErrorCode.LockTimeout)).toBe(true);
    expect(error.message).toBe(
      'the MariaDB migration lock on db:3306, database "infer", was not free within 0.5 s: held by connection 12 ' +
        '(user "app")',
    );
    expect(error.hint).toBe(
      'wait for that migration run to finish and retry, or raise storage.mariadb.lock_timeout; if that session ' +
        'is stuck, end it with KILL 12',
    );
    const gone = new MigrationLockTimeoutError({
      ...{ engine: 'X', type: 'x', target, timeoutMs: 1000 },
      holder: undefined,
      describe: describeHolder,
    });
    expect(gone.message).toMatch(/held by a session that has released it since; retry$/);
    expect(gone.hint).not.toContain('KILL');
  });
});
