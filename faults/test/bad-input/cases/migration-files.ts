import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { infer, snapshot } from '@infer/test-servers/cli';
import { pgDump, pgEnv } from '../../support/postgres-cli.js';
import { EXIT, type Case, type Context, migrationsDir } from '../harness.js';

/** `migrate create` with `name`: refused, and the migrations directory stays empty. */
function createNamed(label: string, name: string, shown: RegExp): Case {
  return {
    name: `migrate create with ${label} in the name`,
    args: ['migrate', 'create', name],
    exit: EXIT.invalidMigrations,
    error: shown,
    setup: ({ sb, db }) => {
      const env = migrationsDir(sb, 'sqlite', {});
      const dir = join(env.INFER_STORAGE_MIGRATIONS_DIR!, 'sqlite');
      return { env, fingerprint: () => [snapshot(db), readdirSync(dir)] };
    },
  };
}

/** SQLite migration `files`, refused by `args`; no `other.db` appears. `edit`: files written after applying `files`. */
function sqliteMigration(
  name: string,
  args: readonly string[],
  files: Record<string, string>,
  error: RegExp,
  edit?: Record<string, string>,
): Case {
  return {
    name,
    args,
    exit: EXIT.invalidMigrations,
    error,
    setup: ({ sb, db }) => {
      const env = migrationsDir(sb, 'sqlite', files);
      if (edit) {
        expect(infer(sb, ['migrate', '--no-backup'], { env }).code).toBe(0);
        migrationsDir(sb, 'sqlite', edit);
      }
      const target = join(sb.cwd, 'other.db');
      return { env, fingerprint: () => [snapshot(db), existsSync(target)] };
    },
  };
}

/**
 * A PostgreSQL migration 004 whose up is `sql`: `infer migrate` refuses it, the database unchanged, `path` never
 * written.
 */
function postgresMigration(name: string, sql: (path: string) => string, error: RegExp): Case {
  return {
    name,
    postgres: true,
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error,
    setup: ({ sb, pg }: Context) => {
      const path = join(sb.root, 'server-file.txt');
      const env = {
        ...pgEnv(pg),
        ...migrationsDir(sb, 'postgres', {
          '004_outside.up.sql': `CREATE TABLE outside (id INTEGER);\n${sql(path)};\n`,
        }),
      };
      return { env, fingerprint: () => [pgDump(pg), existsSync(path)] };
    },
  };
}

const OUTSIDE = /it reaches outside the database; set "external: true" on the migration to acknowledge it/;

export const cases: readonly Case[] = [
  // Migration files are data: a name cannot inject a line, a statement cannot reach outside the database undeclared.
  createNamed(
    'a newline',
    'add tags\nDROP TABLE conversations;',
    /the migration name "add tags\\nDROP TABLE conversations;" holds a control character or line break \(U\+000A\)/,
  ),
  createNamed(
    'ESC',
    'tags\u001b]0;owned\u0007',
    /the migration name "tags\\e\]0;owned\\x07" holds a control character or line break \(U\+001B\)/,
  ),
  sqliteMigration(
    'a SQLite migration with ATTACH',
    ['migrate'],
    { '004_attach.up.sql': "ATTACH 'other.db' AS other;\nCREATE TABLE other.t (x TEXT);\n" },
    /migration 004 \(attach\) ATTACH opens another database file.*\(line 1\)/,
  ),
  sqliteMigration(
    'a SQLite migration with DETACH',
    ['migrate'],
    { '004_detach.up.sql': 'CREATE TABLE t (x TEXT);\nDETACH DATABASE other;\n' },
    /migration 004 \(detach\) DETACH closes a database file that an ATTACH opened \(line 2\)/,
  ),
  sqliteMigration(
    'a pending migration whose down has ATTACH',
    ['migrate'],
    {
      '004_tags.up.sql': 'CREATE TABLE tags (x TEXT);\n',
      '004_tags.down.sql': "ATTACH 'other.db' AS other;\nDROP TABLE tags;\n",
    },
    /migration 004 \(tags\) ATTACH opens another database file.*\(down, line 1\)/,
  ),
  sqliteMigration(
    'migrate down through a down given an ATTACH after it was applied',
    ['migrate', 'down'],
    { '004_tags.up.sql': 'CREATE TABLE tags (x TEXT);\n', '004_tags.down.sql': 'DROP TABLE tags;\n' },
    /migration 004 \(tags\) ATTACH opens another database file.*\(down, line 1\)/,
    { '004_tags.down.sql': "ATTACH 'other.db' AS other;\nDROP TABLE tags;\n" },
  ),
  postgresMigration(
    'a PostgreSQL migration with COPY … TO a file',
    (path) => `COPY (SELECT 1) TO '${path}'`,
    new RegExp(
      'COPY … TO a file or program writes a file or runs a program on the database server \\(line 2\\): ' +
        `${OUTSIDE.source}`,
    ),
  ),
  postgresMigration(
    'a PostgreSQL migration with COPY … FROM PROGRAM',
    (path) => `COPY outside FROM PROGRAM 'touch ${path}'`,
    /COPY … FROM a file or program reads a file or runs a program on the database server \(line 2\)/,
  ),
  postgresMigration(
    'a PostgreSQL migration with pg_read_file',
    () => "INSERT INTO outside SELECT length(pg_read_file('/etc/hostname'))",
    /pg_read_file\(\) reads a file of the database server \(line 2\)/,
  ),
  postgresMigration(
    'a PostgreSQL migration with lo_import',
    () => "SELECT lo_import('/etc/hostname')",
    /lo_import\(\) reads a file of the database server into a large object \(line 2\)/,
  ),
  postgresMigration(
    'a PostgreSQL function body with lo_export',
    (path) => `DO $$ BEGIN PERFORM lo_export(1, '${path}'); END $$`,
    /lo_export\(\) writes a large object to a file on the database server \(line 2\)/,
  ),
];
