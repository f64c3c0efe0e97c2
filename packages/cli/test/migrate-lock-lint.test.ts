import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testsUse } from '@infer/test-servers';
import { expectOneLineError, infer, sandbox, writeConfig } from '@infer/test-servers/cli';
import { createDatabase, dropDatabases, withClient } from '@infer/test-servers/postgres';
import { afterAll, describe, expect, it } from 'vitest';

/** A sandbox whose config sets storage.migrations_dir, and the directory of `type`'s migrations. */
function withMigrationsDir(type: string) {
  const sb = sandbox();
  sb.env.INFER_CONFIG = writeConfig(sb, 'storage:\n  migrations_dir: ../migrations\n');
  const dir = join(sb.cwd, 'migrations', type);
  mkdirSync(dir, { recursive: true });
  const write = (name: string, up: string) => {
    writeFileSync(join(dir, `${name}.up.sql`), up);
    writeFileSync(join(dir, `${name}.down.sql`), 'SELECT 1;\n');
  };
  return { sb, write };
}

describe('lint of lock hazards and of SQLite ALTER TABLE forms, through infer', () => {
  it('SQLite: refuses a form SQLite cannot run with the rebuild recipe, and warns of one that fails on rows', () => {
    const { sb, write } = withMigrationsDir('sqlite');
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    write(
      '004_retype',
      '-- infer: description=retype title\nALTER TABLE conversations ALTER COLUMN title TYPE BLOB;\n',
    );
    const refused = infer(sb, ['migrate', '--no-backup']);
    expectOneLineError(
      refused,
      11,
      /migration 004 \(retype title\) SQLite cannot ALTER COLUMN … TYPE of "conversations"/,
    );
    expect(refused.stderr).toContain('INSERT INTO new_t SELECT … FROM t, DROP TABLE t');
    expect(infer(sb, ['migrate', '--status']).stdout).toMatch(/Version 004: retype title \(Pending\)/);

    write('004_retype', 'ALTER TABLE conversations ADD COLUMN owner TEXT NOT NULL;\n');
    const lint = infer(sb, ['migrate', 'lint']);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toMatch(/warning 004 \[alter-table\] .*ADD COLUMN owner NOT NULL without a non-NULL DEFAULT/);
    const applied = infer(sb, ['migrate', '--no-backup']);
    // The table is still empty here, so it runs; the warning says it would not once rows exist.
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/^Warning: migration 004 \(retype\) ADD COLUMN owner .* fails on "conversations"/m);
  });
});

const postgres = testsUse('postgres');
afterAll(() => (postgres ? dropDatabases() : undefined));

describe.runIf(postgres)('lint of lock hazards on PostgreSQL, through infer', () => {
  it('warns before the run and in lint, refuses with strict=true, and is silent for blocking=true', async () => {
    const database = await createDatabase();
    const { sb, write } = withMigrationsDir('postgres');
    Object.assign(sb.env, {
      INFER_STORAGE_TYPE: 'postgres',
      INFER_STORAGE_POSTGRES_HOST: '127.0.0.1',
      INFER_STORAGE_POSTGRES_USERNAME: 'postgres',
      INFER_STORAGE_POSTGRES_DATABASE: database,
      INFER_STORAGE_POSTGRES_SSL_MODE: 'disable',
    });
    const first = infer(sb, ['migrate']);
    expect(first.code, first.stderr).toBe(0);
    // The shipped migrations declare what they block: a new user sees no warning.
    expect(first.stderr).toBe('');
    expect(infer(sb, ['migrate', 'lint']).stdout).not.toMatch(/\[lock\]/);

    write(
      '004_index_model',
      '-- infer: description=index model, strict=true\nCREATE INDEX by_model ON conversations (model);\n',
    );
    const strict = infer(sb, ['migrate']);
    expectOneLineError(strict, 11, /migration 004 \(index model\) CREATE INDEX on "conversations" blocks writes to it/);
    const indexes = "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'by_model'";
    expect(await withClient(database, async (c) => (await c.query(indexes)).rows[0].n)).toBe(0);

    write('004_index_model', '-- infer: description=index model\nCREATE INDEX by_model ON conversations (model);\n');
    const lint = infer(sb, ['migrate', 'lint', '--json']);
    expect(lint.code).toBe(0);
    expect(JSON.parse(lint.stdout).problems).toContainEqual(
      expect.objectContaining({ version: '004', rule: 'lock', check: 'create-index', severity: 'warning', line: 2 }),
    );
    const dryRun = infer(sb, ['migrate', '--dry-run']);
    expect(dryRun.stderr).toMatch(/^Warning: migration 004 \(index model\) CREATE INDEX on "conversations"/m);
    const applied = infer(sb, ['migrate']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/use CREATE INDEX CONCURRENTLY in a migration with "transaction: false"/);

    write(
      '005_index_title',
      '-- infer: description=index title, blocking=true\nCREATE INDEX by_title ON conversations (title);\n',
    );
    const accepted = infer(sb, ['migrate']);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stderr).toBe('');
  });
});
