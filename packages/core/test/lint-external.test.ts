import { describe, expect, it } from 'vitest';
import {
  type ExternalStatementRule,
  type Migration,
  Migrator,
  type SqlExecutor,
  lintMigrations,
} from '../src/index.js';
import { classifyStatement, splitStatements } from '../src/sql/index.js';
import { RecordingDriver } from './recording-driver.js';

/**
 * Rules in the shapes the backends use: an anchored statement, a skipped run with a negation, a call, a keyword pair.
 */
const RULES: readonly ExternalStatementRule[] = [
  { pattern: '^ ATTACH', reason: 'ATTACH opens another file' },
  { pattern: '^ COPY … TO !STDOUT', reason: 'COPY TO writes a file' },
  { pattern: 'pg_read_file(', reason: 'pg_read_file() reads a file' },
  { pattern: 'INTO OUTFILE', reason: 'INTO OUTFILE writes a file' },
];

const external = (sql: string, dialect: 'sqlite' | 'postgres' | 'mysql' = 'postgres') =>
  classifyStatement(sql, dialect, RULES).external;

describe('classifyStatement: external statements, by the rules given', () => {
  it.each([
    ["ATTACH 'x.db' AS x", 'sqlite', 'ATTACH opens another file'],
    ["attach database 'x.db' as x", 'sqlite', 'ATTACH opens another file'],
    ["COPY t TO '/tmp/t.csv'", 'postgres', 'COPY TO writes a file'],
    ["COPY (SELECT * FROM t) TO PROGRAM 'sh -c id'", 'postgres', 'COPY TO writes a file'],
    ["COPY t TO E'/tmp/t.csv' WITH (FORMAT csv)", 'postgres', 'COPY TO writes a file'],
    ["SELECT pg_read_file('/etc/passwd')", 'postgres', 'pg_read_file() reads a file'],
    ["SELECT pg_catalog.PG_READ_FILE ('/etc/passwd')", 'postgres', 'pg_read_file() reads a file'],
    ['SELECT "pg_read_file"(\'/etc/passwd\')', 'postgres', 'pg_read_file() reads a file'],
    [
      "INSERT INTO t SELECT * FROM (SELECT pg_read_file('/etc/passwd')) AS f",
      'postgres',
      'pg_read_file() reads a file',
    ],
    ["DO $$ BEGIN COPY t TO '/tmp/t.csv'; END $$", 'postgres', 'COPY TO writes a file'],
    [
      "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$ SELECT pg_read_file('/etc/passwd') $body$",
      'postgres',
      'pg_read_file() reads a file',
    ],
    ["SELECT a INTO OUTFILE '/tmp/a' FROM t", 'mysql', 'INTO OUTFILE writes a file'],
  ] as const)('%s (%s)', (sql, dialect, reason) => {
    expect(external(sql, dialect)).toBe(reason);
  });

  it.each([
    ['COPY t TO STDOUT', 'postgres'],
    ['COPY (SELECT a FROM t) TO STDOUT WITH (FORMAT csv)', 'postgres'],
    ["SELECT 'COPY t TO ''/tmp/x''', 'pg_read_file(''x'')'", 'postgres'],
    ["-- ATTACH 'x.db' AS x\nCREATE TABLE attach (x TEXT)", 'sqlite'],
    ['CREATE TABLE t (attach TEXT, pg_read_file TEXT)', 'sqlite'],
    ["SELECT 'pg_read_file'", 'postgres'],
    ['CREATE TABLE outfile (into_x INT)', 'mysql'],
  ] as const)('not: %s (%s)', (sql, dialect) => {
    expect(external(sql, dialect)).toBeUndefined();
  });

  it('without rules nothing is external', () => {
    expect(classifyStatement("ATTACH 'x.db' AS x", 'sqlite').external).toBeUndefined();
  });
});

/** A driver with the rules above whose scratch space records what lint runs there. */
class ScratchRecordingDriver extends RecordingDriver {
  readonly externalStatements = RULES;
  readonly ranInScratch: string[] = [];
  /** A new database: none of the migrations' tables exist yet. */
  override async tableExists() {
    return false;
  }
  override async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work({ exec: async (sql) => void this.ranInScratch.push(sql), query: async () => [], run: async () => 0 });
  }
}

const attach: Migration = {
  version: '004',
  description: 'Attach',
  up: "CREATE TABLE a (x TEXT);\nATTACH 'x.db' AS x;",
  down: 'DROP TABLE a;',
};
const copyDown: Migration = {
  version: '005',
  description: 'Copy on down',
  up: 'CREATE TABLE b (x TEXT);',
  down: "COPY b TO '/tmp/b.csv';",
};
const plain: Migration = {
  version: '006',
  description: 'Plain',
  up: 'CREATE TABLE c (x TEXT);',
  down: 'DROP TABLE c;',
  destructive: false,
};

describe('lint of external statements', () => {
  it('is an error without "external: true", up or down, with the line; none with it', async () => {
    const problems = await lintMigrations([attach, copyDown, plain], {
      dialect: 'sqlite',
      appliedVersions: new Set(),
      externalStatements: RULES,
    });
    expect(problems.filter((p) => p.rule === 'external')).toEqual([
      {
        version: '004',
        rule: 'external',
        severity: 'error',
        line: 2,
        message:
          'migration 004 (Attach) ATTACH opens another file (line 2): it reaches outside the database; set ' +
          '"external: true" on the migration to acknowledge it',
      },
      {
        version: '005',
        rule: 'external',
        severity: 'error',
        line: 1,
        message:
          'migration 005 (Copy on down) COPY TO writes a file (down, line 1): it reaches outside the database; ' +
          'set "external: true" on the migration to acknowledge it',
      },
    ]);
    const declared = await lintMigrations(
      [
        { ...attach, external: true },
        { ...copyDown, external: true },
      ],
      { dialect: 'sqlite', appliedVersions: new Set(), externalStatements: RULES },
    );
    expect(declared.filter((p) => p.rule === 'external')).toEqual([]);
  });

  it('reads every migration when a rule names no word to look for first', async () => {
    const rules = [{ pattern: '^ !SELECT', reason: 'anything but a SELECT' }];
    const problems = await lintMigrations([plain], {
      dialect: 'sqlite',
      appliedVersions: new Set(),
      externalStatements: rules,
    });
    expect(problems.filter((p) => p.rule === 'external').map((p) => p.line)).toEqual([1, 1]);
  });

  it('is checked before every run: the run is refused before anything is written', async () => {
    const driver = new ScratchRecordingDriver();
    await expect(new Migrator({ driver, migrations: [plain, attach] }).up()).rejects.toMatchObject({
      code: 'E_MIGRATION_DEFINITION',
      message: expect.stringContaining('ATTACH opens another file (line 2)'),
    });
    expect(driver.calls).toEqual(['lock', 'readLedger', 'unlock']);
    expect(await new Migrator({ driver, migrations: [plain, { ...attach, external: true }] }).up()).toHaveLength(2);
  });

  it('down refuses, before reverting anything, a down that reaches outside undeclared', async () => {
    const driver = new ScratchRecordingDriver();
    driver.ledger.push(
      { version: '005', description: 'Copy on down', appliedAt: 'then' },
      { version: '006', description: 'Plain', appliedAt: 'then' },
    );
    const migrator = new Migrator({ driver, migrations: [copyDown, plain] });
    await expect(migrator.planDown({ to: '0' })).rejects.toMatchObject({
      message: expect.stringContaining('COPY TO writes a file (down, line 1)'),
    });
    await expect(migrator.down({ to: '0' })).rejects.toMatchObject({
      code: 'E_MIGRATION_DEFINITION',
      message: expect.stringContaining('COPY TO writes a file (down, line 1)'),
    });
    expect(driver.calls.filter((call) => call.startsWith('exec') || call.startsWith('forget'))).toEqual([]);
    expect(await migrator.down()).toMatchObject([{ version: '006', outcome: 'reverted' }]);
  });

  it('migrate lint never runs an external migration in its scratch space, declared or not', async () => {
    const driver = new ScratchRecordingDriver();
    const problems = await new Migrator({
      driver,
      migrations: [attach, { ...copyDown, external: true }, plain],
      displayName: 'Test',
    }).lint();
    expect(driver.ranInScratch).toEqual([plain.up, plain.down]);
    expect(
      problems
        .filter((p) => p.rule === 'external')
        .map((p) => [p.version, p.severity, p.message.replace(/^migration \S+ \([^)]*\) /, '')]),
    ).toEqual([
      [
        '004',
        'error',
        'ATTACH opens another file (line 2): it reaches outside the database; set "external: true" on the ' +
          'migration to acknowledge it',
      ],
      [
        '005',
        'warning',
        'is declared external: lint does not run it in its scratch space, so Test did not check its SQL',
      ],
    ]);
  });

  it('reads SQL split by the splitter: a rule word in a string or comment of another statement is nothing', () => {
    const statements = splitStatements(
      "INSERT INTO notes VALUES ('ATTACH ''x'' AS y; COPY t TO ''/f''');\n/* ATTACH 'z' AS z; */ SELECT 1",
      'sqlite',
    );
    expect(statements.map((s) => classifyStatement(s, 'sqlite', RULES).external)).toEqual([undefined, undefined]);
  });
});
