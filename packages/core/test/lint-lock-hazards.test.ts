import { describe, expect, it } from 'vitest';
import { type Migration, lintMigrations, versionKey } from '../src/index.js';
import { classifyStatement } from '../src/sql/index.js';

const checks = (sql: string, dialect: 'postgres' | 'sqlite') =>
  classifyStatement(sql, dialect).lockHazards.map((hazard) => `${hazard.id} ${hazard.table}`);

describe('lock hazards of PostgreSQL statements', () => {
  it.each([
    ['CREATE INDEX i ON t (a)', 'create-index t'],
    ['create unique index if not exists i on only app."T" using btree (a)', 'create-index t'],
    ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES u (id)', 'foreign-key t'],
    ['ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)', 'check-constraint t'],
    ['ALTER TABLE t ADD CONSTRAINT k UNIQUE (a)', 'unique-constraint t'],
    ['ALTER TABLE t ADD PRIMARY KEY (id)', 'unique-constraint t'],
    ['ALTER TABLE t ALTER COLUMN a SET NOT NULL', 'set-not-null t'],
    ['ALTER TABLE t ALTER COLUMN a TYPE bigint', 'column-type t'],
    ['ALTER TABLE t ALTER a SET DATA TYPE text USING a::text', 'column-type t'],
    ['ALTER TABLE t ADD COLUMN u uuid DEFAULT gen_random_uuid()', 'volatile-default t'],
    ['ALTER TABLE t ADD COLUMN n bigserial', 'volatile-default t'],
    ['ALTER TABLE t ADD COLUMN n int GENERATED ALWAYS AS IDENTITY', 'volatile-default t'],
    ['ALTER TABLE t ADD COLUMN d int GENERATED ALWAYS AS (a * 2) STORED', 'volatile-default t'],
    ['ALTER TABLE t ADD COLUMN a int NOT NULL', 'required-column t'],
    ['ALTER TABLE t RENAME COLUMN a TO b', 'rename t'],
    ['ALTER TABLE t RENAME TO u', 'rename t'],
    ['VACUUM (FULL, ANALYZE) t', 'vacuum-full '],
    ['CLUSTER t USING i', 'cluster '],
    ['REINDEX TABLE t', 'reindex '],
  ])('%s: %s', (sql, expected) => {
    expect(checks(sql, 'postgres')).toEqual([expected]);
  });

  it.each([
    'CREATE INDEX CONCURRENTLY i ON t (a)',
    'ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (u) REFERENCES u (id) NOT VALID',
    'ALTER TABLE t ADD CONSTRAINT c CHECK (a IS NOT NULL) NOT VALID',
    'ALTER TABLE t VALIDATE CONSTRAINT c',
    'ALTER TABLE t ADD CONSTRAINT k UNIQUE USING INDEX i',
    "ALTER TABLE t ADD COLUMN a text NOT NULL DEFAULT 'x'",
    'ALTER TABLE t ADD COLUMN at timestamptz DEFAULT now()',
    'ALTER TABLE t ADD COLUMN a jsonb',
    'ALTER TABLE t ALTER COLUMN a DROP NOT NULL',
    'ALTER TABLE t RENAME CONSTRAINT c TO d',
    'VACUUM ANALYZE t',
    'REINDEX INDEX CONCURRENTLY i',
    'CREATE TABLE t (id int PRIMARY KEY, u uuid DEFAULT gen_random_uuid(), n bigserial)',
    "SELECT 'CREATE INDEX i ON t (a)'",
  ])('%s: none', (sql) => {
    expect(checks(sql, 'postgres')).toEqual([]);
  });

  it('reads every action of one ALTER TABLE', () => {
    expect(checks('ALTER TABLE t ADD COLUMN a int NOT NULL, ALTER COLUMN b TYPE text, ADD b int', 'postgres')).toEqual([
      'required-column t',
      'column-type t',
    ]);
  });
});

describe('ALTER TABLE forms SQLite refuses or fails on once a table has rows', () => {
  it.each([
    ['ALTER TABLE t ALTER COLUMN a TYPE TEXT', 'alter-column t', 'always'],
    ['ALTER TABLE t ALTER COLUMN a SET DEFAULT 3', 'alter-column t', 'always'],
    ['ALTER TABLE t ADD PRIMARY KEY (a)', 'add-constraint t', 'always'],
    ['ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id)', 'add-constraint t', 'always'],
    ['ALTER TABLE t ADD COLUMN b INT UNIQUE', 'unique-column t', 'always'],
    ['ALTER TABLE t ADD COLUMN y INT, ADD COLUMN z INT', 'several-actions t', 'always'],
    ['ALTER TABLE t ADD COLUMN b TEXT NOT NULL', 'required-column t', 'existing'],
    ['ALTER TABLE t ADD COLUMN b INT NOT NULL DEFAULT NULL', 'required-column t', 'existing'],
    ['ALTER TABLE t ADD COLUMN b TEXT DEFAULT CURRENT_TIMESTAMP', 'non-constant-default t', 'existing'],
    ['ALTER TABLE t ADD b INT DEFAULT (1 + 1)', 'non-constant-default t', 'existing'],
    ['ALTER TABLE t ADD COLUMN b INT AS (a * 2) STORED', 'stored-column t', 'existing'],
    ['ALTER TABLE t ADD COLUMN b INT REFERENCES u (id) DEFAULT 1', 'references-default t', 'existing'],
  ])('%s: %s (%s)', (sql, expected, applies) => {
    expect(checks(sql, 'sqlite')).toEqual([expected]);
    expect(classifyStatement(sql, 'sqlite').lockHazards[0]?.applies).toBe(applies);
  });

  it.each([
    "ALTER TABLE t ADD COLUMN b TEXT NOT NULL DEFAULT ''",
    'ALTER TABLE t ADD COLUMN b INT DEFAULT -1',
    'ALTER TABLE t ADD COLUMN b INT REFERENCES u (id)',
    'ALTER TABLE t ADD COLUMN b INT AS (a * 2)',
    'ALTER TABLE t ALTER COLUMN a SET NOT NULL',
    'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)',
    'ALTER TABLE t DROP CONSTRAINT c',
    'ALTER TABLE t RENAME COLUMN a TO b',
    'CREATE INDEX i ON t (a)',
  ])('%s: none', (sql) => {
    expect(checks(sql, 'sqlite')).toEqual([]);
  });
});

const migration = (version: string, up: string, extra: Partial<Migration> = {}): Migration => ({
  version,
  description: `m${version}`,
  up,
  down: 'SELECT 1;',
  ...extra,
});

const lint = async (
  migrations: Migration[],
  options: { dialect?: 'postgres' | 'sqlite'; applied?: string[]; scope?: 'run' | 'migration' } = {},
) =>
  (
    await lintMigrations(migrations, {
      dialect: options.dialect ?? 'postgres',
      appliedVersions: new Set((options.applied ?? []).map(versionKey)),
      hazardScope: options.scope ?? 'run',
    })
  ).filter((p) => p.rule === 'lock' || p.rule === 'alter-table');

describe('lint of lock hazards', () => {
  const create = migration('001', 'CREATE TABLE t (id int PRIMARY KEY, a int);');
  const index = migration('002', '-- the index\nCREATE INDEX t_a ON t (a);');

  it('warns of a hazard on a table that exists before the run, naming the line, the check and the fix', async () => {
    expect(await lint([create, index], { applied: ['001'] })).toEqual([
      {
        version: '002',
        rule: 'lock',
        severity: 'warning',
        line: 2,
        check: 'create-index',
        message:
          'migration 002 (m002) CREATE INDEX on "t" blocks writes to it while the index builds (line 2): use CREATE ' +
          'INDEX CONCURRENTLY in a migration with "transaction: false", or set "blocking: true" to accept it',
      },
    ]);
  });

  it('says nothing of a table created earlier in the migration, or (before a run) earlier in the run', async () => {
    expect(await lint([migration('001', 'CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);')])).toEqual([]);
    expect(await lint([create, index])).toEqual([]);
    // infer migrate lint: each migration as if every earlier one were applied.
    expect((await lint([create, index], { scope: 'migration' })).map((p) => p.check)).toEqual(['create-index']);
    // Created after the index: the table existed when the index was built.
    expect(await lint([migration('001', 'CREATE INDEX t_a ON t (a);\nCREATE TABLE IF NOT EXISTS t (a int);')])).toEqual(
      [expect.objectContaining({ check: 'create-index', line: 1 })],
    );
  });

  it('accepts SET NOT NULL after a constraint of the table was validated here or earlier', async () => {
    const notNull = migration('003', 'ALTER TABLE t ALTER COLUMN a SET NOT NULL;');
    expect((await lint([create, notNull], { applied: ['001'] })).map((p) => p.check)).toEqual(['set-not-null']);
    const validate = migration('002', 'ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;');
    expect(await lint([create, validate, notNull], { applied: ['001', '002'] })).toEqual([]);
    const other = migration('002', 'ALTER TABLE u VALIDATE CONSTRAINT u_a_not_null;');
    expect(await lint([create, other, notNull], { applied: ['001', '002'] })).toHaveLength(1);
  });

  it('is an error with "strict: true", and nothing with "blocking: true"', async () => {
    expect(await lint([create, { ...index, strict: true }], { applied: ['001'] })).toEqual([
      expect.objectContaining({ severity: 'error', check: 'create-index' }),
    ]);
    expect(await lint([create, { ...index, blocking: true, strict: true }], { applied: ['001'] })).toEqual([]);
  });

  it('checks pending migrations only', async () => {
    expect(await lint([create, index], { applied: ['001', '002'] })).toEqual([]);
  });

  it('SQLite: a form it refuses is an error with the recipe; one that fails on rows, a warning', async () => {
    const problems = await lint(
      [
        migration('001', 'CREATE TABLE t (a INT);'),
        migration('002', 'ALTER TABLE t ALTER COLUMN a TYPE TEXT;\nALTER TABLE t ADD COLUMN b TEXT NOT NULL;'),
      ],
      { dialect: 'sqlite', applied: ['001'] },
    );
    expect(problems.map((p) => [p.rule, p.check, p.severity, p.line])).toEqual([
      ['alter-table', 'alter-column', 'error', 1],
      ['alter-table', 'required-column', 'warning', 2],
    ]);
    expect(problems[0]!.message).toContain('CREATE TABLE new_t with the new definition, INSERT INTO new_t SELECT');
  });
});
