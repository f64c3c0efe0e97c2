import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, infer, listing, sandbox } from '@infer/test-servers/cli';
import { ledgerOf, tablesOf } from './helpers.js';
import { runs } from './stores.js';

const READ_COMMANDS = [['list'], ['show', 'x'], ['export', 'x'], ['delete', 'x', '--yes']];

describe.runIf(runs('sqlite'))('conversations commands on a SQLite path where no file exists', () => {
  for (const command of READ_COMMANDS) {
    it(`conversations ${command[0]} says so in one line with the fix, exits 3 and creates nothing`, () => {
      const sb = sandbox();
      const before = listing(sb.root);
      const result = infer(sb, ['conversations', ...command]);
      expectOneLineError(
        result,
        3,
        new RegExp(
          /there is no SQLite database at .*\.infer\/conversations\.db; nothing was created\. Fix: run /.source +
            /"infer migrate" to create it, or check storage\.sqlite\.path/.source,
        ),
      );
      expect(listing(sb.root)).toEqual(before);
    });
  }
});

describe.runIf(runs('sqlite'))('conversations commands on an existing SQLite store', () => {
  /** A store at 001 (002 and 003 pending), with the project's own migrations directory. */
  function pendingStore(own: Record<string, string>) {
    const sb = sandbox();
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    expect(infer(sb, ['migrate', 'down', '--to', '001', '--no-backup']).code).toBe(0);
    const dir = join(sb.cwd, 'migrations', 'sqlite');
    mkdirSync(dir, { recursive: true });
    for (const [name, sql] of Object.entries(own)) writeFileSync(join(dir, name), sql);
    return { sb, env: { INFER_STORAGE_MIGRATIONS_DIR: join(sb.cwd, 'migrations') } };
  }

  it("apply shipped migrations after infer migrate's backup, say both on stderr, never run the project's own", () => {
    const { sb, env } = pendingStore({ '100_notes.up.sql': 'CREATE TABLE notes (body TEXT);\n' });
    const listed = infer(sb, ['conversations', 'list', '--json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(listed.stderr).toMatch(/^Backed up the database to .*conversations\.db\.backup-\d{8}T\d{9}Z$/m);
    expect(listed.stderr).toMatch(/Applied 002: /);
    expect(listed.stderr).toMatch(/Applied 003: /);
    expect(listed.stderr).toMatch(
      new RegExp(
        /^Warning: migration 100 of storage\.migrations_dir is pending and was not run; run "infer /.source +
          /migrate" to apply them$/.source,
        'm',
      ),
    );
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(['001', '002', '003']);
    expect(tablesOf(sb.defaultDb)).not.toContain('notes');
    expect(readdirSync(join(sb.home, '.infer')).filter((name) => name.includes('.backup-'))).toHaveLength(1);
  });

  it("read a store whose ledger holds the project's applied migrations without running its pending ones", () => {
    const { sb, env } = pendingStore({ '100_notes.up.sql': 'CREATE TABLE notes (body TEXT);\n' });
    expect(infer(sb, ['migrate', '--no-backup'], { env }).code).toBe(0);
    writeFileSync(join(sb.cwd, 'migrations', 'sqlite', '101_more.up.sql'), 'CREATE TABLE more (x TEXT);\n');

    const listed = infer(sb, ['conversations', 'list'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe('No conversations.\n');
    expect(listed.stderr).toMatch(/^Warning: migration 101 of storage\.migrations_dir is pending/);
    expect(listed.stderr).not.toMatch(/Backed up|Applied/);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(['001', '002', '003', '100']);
  });
});
