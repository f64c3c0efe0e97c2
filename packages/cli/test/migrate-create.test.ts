import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDocument } from './documents.js';
import { expectOneLineError, infer, sandbox, snapshot, writeConfig } from '@infer/test-servers/cli';
import { ledgerOf } from './helpers.js';

/** A sandbox whose config sets storage.migrations_dir, and its (existing) SQLite directory. */
function withMigrationsDir() {
  const sb = sandbox();
  // The user's own file (INFER_CONFIG): a file found in the current directory needs approval to run its migrations.
  sb.env.INFER_CONFIG = writeConfig(sb, 'storage:\n  migrations_dir: ../migrations\n');
  const dir = join(sb.cwd, 'migrations', 'sqlite');
  mkdirSync(dir, { recursive: true });
  return { sb, dir };
}

describe('infer migrate create and application migrations', () => {
  it('writes numbered up/down files that migrate applies after the built-in ones', () => {
    const sb = sandbox();
    // The user's own file (INFER_CONFIG): a file found in the current directory needs approval to run its migrations.
    sb.env.INFER_CONFIG = writeConfig(sb, 'storage:\n  migrations_dir: ../migrations\n');
    const dir = join(sb.cwd, 'migrations', 'sqlite');

    const created = infer(sb, ['migrate', 'create', 'Add tags', '--json']);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({
      version: '004',
      up: join(dir, '004_add_tags.up.sql'),
      down: join(dir, '004_add_tags.down.sql'),
    });

    // The template alone is an empty migration: refused before anything runs.
    expectOneLineError(infer(sb, ['migrate']), 11, /migration 004 \(Add tags\) has an empty up/);

    writeFileSync(
      join(dir, '004_add_tags.up.sql'),
      `${readFileSync(join(dir, '004_add_tags.up.sql'), 'utf8')}CREATE TABLE tags (name TEXT PRIMARY KEY);\r\n`,
    );
    writeFileSync(join(dir, '004_add_tags.down.sql'), 'DROP TABLE tags;\n');
    const second = infer(sb, ['migrate', 'create', 'index tags']);
    expect(second.stdout).toContain(join(dir, '005_index_tags.up.sql'));
    writeFileSync(join(dir, '005_index_tags.up.sql'), 'CREATE INDEX idx_tags ON tags(name);\n');
    // An empty down is an error; no down at all is a warning (it cannot be reverted).
    expectOneLineError(infer(sb, ['migrate']), 11, /migration 005 \(index tags\) has an empty down/);
    rmSync(join(dir, '005_index_tags.down.sql'));

    const migrated = infer(sb, ['migrate', '--no-backup']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('Applied 004: Add tags');
    expect(migrated.stdout).toContain('Applied 005: index tags');
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(['001', '002', '003', '004', '005']);
    expect(infer(sb, ['migrate', 'lint']).stdout).toMatch(/warning 005 \[missing-down\]/);
    // Every command that opens the backend knows the application's migrations too.
    const listed = infer(sb, ['conversations', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);

    // A line-ending-only edit of an applied file is not drift.
    writeFileSync(join(dir, '005_index_tags.up.sql'), 'CREATE INDEX idx_tags ON tags(name);   \r\n\r\n');
    expect(infer(sb, ['migrate']).code).toBe(0);

    const again = infer(sb, ['migrate', 'create', 'add tags, and notes', '--backend', 'sqlite']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('006_add_tags_and_notes.up.sql');
    expect(infer(sb, ['migrate', '--status']).stdout).toContain('Version 006: add tags, and notes (Pending)');
  });

  it("refuses an application migration numbered like a shipped one (exit 11); repair, another's row (exit 8)", () => {
    const { sb, dir } = withMigrationsDir();
    writeFileSync(join(dir, '002_add_tags.up.sql'), 'CREATE TABLE tags (name TEXT PRIMARY KEY);\n');
    expectOneLineError(
      infer(sb, ['migrate']),
      11,
      /duplicate migration version: "002" \(Add user preferences table\) and "002" \(add tags\)/,
    );
    expect(existsSync(sb.defaultDb)).toBe(false);
    // "migrate create" numbers after every migration, the shipped ones included.
    rmSync(join(dir, '002_add_tags.up.sql'));
    expect(JSON.parse(infer(sb, ['migrate', 'create', 'add tags', '--json']).stdout).version).toBe('004');
    writeFileSync(join(dir, '004_add_tags.up.sql'), 'CREATE TABLE tags (name TEXT PRIMARY KEY);\n');
    rmSync(join(dir, '004_add_tags.down.sql'));
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);

    // Another migration under the applied version: its checksum must not be accepted.
    rmSync(join(dir, '004_add_tags.up.sql'));
    writeFileSync(join(dir, '004_add_labels.up.sql'), 'CREATE TABLE labels (name TEXT PRIMARY KEY);\n');
    expectOneLineError(infer(sb, ['migrate']), 8, /applied migration 004 changed/);
    const before = snapshot(sb.defaultDb);
    expectOneLineError(
      infer(sb, ['migrate', 'repair']),
      8,
      new RegExp(
        /the ledger's migration 004 is "add tags", not "add labels": that version was applied from /.source +
          /another migration, so repair changed nothing\. Fix: give "add labels" a version of its own/.source,
      ),
    );
    expect(snapshot(sb.defaultDb)).toEqual(before);
  });

  it('a refused run on a SQLite file that does not exist leaves no file behind', () => {
    const { sb, dir } = withMigrationsDir();
    writeFileSync(join(dir, '004_wipe.up.sql'), 'DROP TABLE conversations;\n');
    expectOneLineError(infer(sb, ['migrate']), 11, /migration 004 \(wipe\) DROP TABLE .*destroys data/);
    for (const suffix of ['', '-wal', '-shm', '-journal'])
      expect(existsSync(`${sb.defaultDb}${suffix}`), suffix).toBe(false);
  });

  it('warns of files in the directory not named like a migration: lint lists them, migrate says so on stderr', () => {
    const { sb, dir } = withMigrationsDir();
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, '004_add_tags.sql'), 'CREATE TABLE tags (name TEXT PRIMARY KEY);\n');
    writeFileSync(join(dir, '.gitkeep'), '');
    const line =
      `${join(dir, '004_add_tags.sql')} is not named like a migration (004_add_tags.up.sql, ` +
      '004_add_tags.down.sql), so it is ignored; rename it if it is one';

    const lint = infer(sb, ['migrate', 'lint', '--json']);
    expect(lint.code, lint.stderr).toBe(0);
    expect(lint.stderr).toBe('');
    expect(JSON.parse(lint.stdout).problems).toEqual([
      { version: '-', rule: 'file-name', severity: 'warning', message: line },
    ]);
    expect(infer(sb, ['migrate', 'lint']).stdout).toContain(`warning - [file-name] ${line}`);

    const migrated = infer(sb, ['migrate', '--no-backup']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toBe(`Warning: ${line}\n`);
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(['001', '002', '003']);
  });

  it('refuses a name with a newline or ESC (exit 11), writing nothing and printing the name escaped', () => {
    const { sb, dir } = withMigrationsDir();
    expectOneLineError(
      infer(sb, ['migrate', 'create', 'add tags\nDROP TABLE conversations;']),
      11,
      'the migration name "add tags\\nDROP TABLE conversations;" holds a control character or line break (U+000A)',
    );
    const withEscape = infer(sb, ['migrate', 'create', 'x\u001b[2J']);
    expectOneLineError(withEscape, 11, 'the migration name "x\\e[2J" holds a control character or line break (U+001B)');
    expect(withEscape.stderr).not.toContain('\u001b');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('skips a FIFO named like a migration with a warning: migrate neither waits for a writer nor fails', () => {
    const { sb, dir } = withMigrationsDir();
    const fifo = join(dir, '004_x.up.sql');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const started = performance.now();
    const migrated = infer(sb, ['migrate', '--no-backup']);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toBe(
      `Warning: ${fifo} is named like a migration but is a FIFO (named pipe), not a regular file, so it is ` +
        `skipped; replace it with a regular file or remove it\n`,
    );
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(['001', '002', '003']);
    const lint = infer(sb, ['migrate', 'lint', '--json']);
    expect(lint.code, lint.stderr).toBe(0);
    expect(JSON.parse(lint.stdout).problems).toEqual([
      expect.objectContaining({ version: '-', rule: 'file-type', severity: 'warning' }),
    ]);
  });

  it('refuses ATTACH without external=true (exit 11, lint --json valid), applies it with; lint never runs it', () => {
    const { sb, dir } = withMigrationsDir();
    const attached = join(sb.cwd, 'attached.db');
    writeFileSync(join(dir, '004_attach.up.sql'), `ATTACH '${attached}' AS other;\nCREATE TABLE other.t (x TEXT);\n`);
    expectOneLineError(
      infer(sb, ['migrate']),
      11,
      new RegExp(
        /migration 004 \(attach\) ATTACH opens another database file, and creates it when it does not /.source +
          /exist \(line 1\): it reaches outside the database; set "external: true"/.source,
      ),
    );
    const lint = infer(sb, ['migrate', 'lint', '--json']);
    expect(lint.code, lint.stderr).toBe(11);
    expect(expectDocument<{ problems: unknown[] }>(lint.stdout, 'lintReport', 'migrate').problems).toContainEqual(
      expect.objectContaining({ version: '004', rule: 'external', severity: 'error', line: 1 }),
    );

    writeFileSync(
      join(dir, '004_attach.up.sql'),
      `-- infer: external=true\nATTACH '${attached}' AS other;\nCREATE TABLE other.t (x TEXT);\n`,
    );
    const declared = infer(sb, ['migrate', 'lint', '--json']);
    expect(declared.code, declared.stderr).toBe(0);
    expect(expectDocument<{ problems: unknown[] }>(declared.stdout, 'lintReport', 'migrate').problems).toContainEqual(
      expect.objectContaining({ version: '004', rule: 'external', severity: 'warning' }),
    );
    expect(existsSync(attached)).toBe(false);
    const migrated = infer(sb, ['migrate', '--no-backup']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(existsSync(attached)).toBe(true);
  });

  it('says so when no directory is configured, and refuses a backend without a schema', () => {
    const sb = sandbox();
    expectOneLineError(
      infer(sb, ['migrate', 'create', 'x']),
      3,
      /storage\.migrations_dir is not set/,
      /migrations_dir: \.\/migrations/,
    );
    // The user's own file (INFER_CONFIG): a file found in the current directory needs approval to run its migrations.
    sb.env.INFER_CONFIG = writeConfig(sb, 'storage:\n  migrations_dir: ./m\n');
    expectOneLineError(infer(sb, ['migrate', 'create', 'x', '--backend', 'memory']), 3, /Memory backend has no schema/);
  });
});
