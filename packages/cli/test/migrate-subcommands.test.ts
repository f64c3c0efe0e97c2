import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, infer, sandbox, snapshot } from '@infer/test-servers/cli';
import { Database, execSql } from '@infer/test-servers/sqlite';
import { ledgerOf, tablesOf } from './helpers.js';

const VERSIONS = ['001', '002', '003'];

function migrated() {
  const sb = sandbox();
  const result = infer(sb, ['migrate', '--no-backup']);
  expect(result.code, result.stderr).toBe(0);
  return sb;
}

describe('infer migrate --status --exit-code and --dry-run', () => {
  it('exits 7 while migrations are pending and 0 once none are, creating nothing', () => {
    const sb = sandbox();
    const pending = infer(sb, ['migrate', '--status', '--exit-code']);
    expect(pending.code).toBe(7);
    expect(pending.stdout).toContain('(Pending)');
    expect(existsSync(sb.defaultDb)).toBe(false);
    const json = infer(sb, ['migrate', '--status', '--exit-code', '--json']);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout).migrations).toHaveLength(VERSIONS.length);
    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    expect(infer(sb, ['migrate', '--status', '--exit-code']).code).toBe(0);
  });

  it('--dry-run prints each pending migration with its SQL and changes nothing, on a new and an existing file', () => {
    const sb = sandbox();
    const fresh = infer(sb, ['migrate', '--dry-run']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toMatch(
      /^Dry run: 3 migrations would be applied to the SQLite database \(nothing was changed\)\./,
    );
    expect(fresh.stdout).toContain(
      '-- 002 up: Add user preferences table (in a transaction)\n' +
        '   CREATE TABLE user_preferences (\n' +
        '     id TEXT PRIMARY KEY,',
    );
    expect(existsSync(sb.defaultDb)).toBe(false);

    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    infer(sb, ['migrate', 'down', '--to', '001']);
    const before = snapshot(sb.defaultDb);
    const existing = infer(sb, ['migrate', '--dry-run', '--json']);
    expect(existing.code).toBe(0);
    expect(JSON.parse(existing.stdout)).toMatchObject({
      dryRun: true,
      steps: [
        { version: '002', kind: 'sql' },
        { version: '003', kind: 'sql' },
      ],
    });
    expect(snapshot(sb.defaultDb)).toEqual(before);
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(['001']);
  });
});

describe('infer migrate down', () => {
  it('reverts the last migration, then down to a version, and up again gives the same schema', () => {
    const sb = migrated();
    const tablesAfterUp = tablesOf(sb.defaultDb);
    const one = infer(sb, ['migrate', 'down']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('Reverted 003: Keep the full metadata document and order by instant');
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(['001', '002']);

    const dry = infer(sb, ['migrate', 'down', '--to', '0', '--dry-run']);
    expect(dry.stdout).toContain('-- 002 down: Add user preferences table');
    expect(ledgerOf(sb.defaultDb)).toHaveLength(2);

    // Below 003 this release cannot list the conversations, so it cannot tell there are none: --yes.
    const all = infer(sb, ['migrate', 'down', '--to', '0', '--yes', '--json']);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).results.map((r: { version: string }) => r.version)).toEqual(['002', '001']);
    expect(tablesOf(sb.defaultDb)).toEqual(['schema_migrations']);

    expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
    expect(tablesOf(sb.defaultDb)).toEqual(tablesAfterUp);
  });

  it('says a --to that is not a version is bad input, changing nothing', () => {
    const sb = migrated();
    const before = snapshot(sb.defaultDb);
    expectOneLineError(infer(sb, ['migrate', 'down', '--to', 'latest']), 11, /--to "latest" is not a version/);
    expectOneLineError(infer(sb, ['migrate', 'down', '--to', '7']), 11, /there is no migration 7 to revert to/);
    expect(snapshot(sb.defaultDb)).toEqual(before);
  });
});

describe('drift, database ahead, repair, baseline, backup, lint', () => {
  it('refuses drift with exit 8 until repair accepts the new checksums', () => {
    const sb = migrated();
    execSql(sb.defaultDb, "UPDATE schema_migrations SET checksum = 'ffff' WHERE version = '002'");
    expect(infer(sb, ['migrate', '--status']).stdout).toContain(
      'Add user preferences table (Applied, changed since: drift)',
    );
    const before = snapshot(sb.defaultDb);
    expectOneLineError(
      infer(sb, ['migrate']),
      8,
      /applied migration 002 changed since it was applied/,
      /infer migrate repair/,
    );
    expect(snapshot(sb.defaultDb)).toEqual(before);
    const repaired = infer(sb, ['migrate', 'repair']);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain('Accepted 002: Add user preferences table (changed)');
    expect(infer(sb, ['migrate']).code).toBe(0);
  });

  it('refuses a database ahead of this release with exit 9, and status shows the version', () => {
    const sb = migrated();
    execSql(
      sb.defaultDb,
      "INSERT INTO schema_migrations (version, description, applied_at) VALUES ('099', 'From the future', " +
        "'2030-01-01')",
    );
    const before = snapshot(sb.defaultDb);
    expectOneLineError(
      infer(sb, ['migrate']),
      9,
      /migration 099 that this version of infer does not know/,
      /upgrade infer/,
    );
    expectOneLineError(infer(sb, ['migrate', 'down']), 9, /099/);
    expect(snapshot(sb.defaultDb)).toEqual(before);
    expect(infer(sb, ['migrate', '--status']).stdout).toContain(
      'Version 099: From the future (Applied, unknown to this version of infer)',
    );
  });

  it('baseline marks an unmanaged database, and refuses one without the tables (exit 11)', () => {
    const sb = migrated();
    execSql(sb.defaultDb, 'DELETE FROM schema_migrations');
    const marked = infer(sb, ['migrate', 'baseline', '--to', '003']);
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toContain('Marked as applied 002: Add user preferences table');
    expect(ledgerOf(sb.defaultDb).map((r) => r.version)).toEqual(VERSIONS);

    execSql(sb.defaultDb, 'DELETE FROM schema_migrations; DROP TABLE user_preferences');
    expectOneLineError(infer(sb, ['migrate', 'baseline', '--to', '002']), 11, /table user_preferences does not exist/);
    expect(ledgerOf(sb.defaultDb)).toEqual([]);
  });

  it('backs an existing file up before applying or reverting (keeping 3), and --no-backup skips it', () => {
    const sb = migrated();
    const backups = () => readdirSync(dirname(sb.defaultDb)).filter((name) => /\.backup-\d{8}T\d{9}Z$/.test(name));
    expect(backups()).toEqual([]);
    for (let round = 0; round < 4; round++) {
      expect(infer(sb, ['migrate', 'down']).stdout).toMatch(
        /^Backed up the database to .*conversations\.db\.backup-\d{8}T\d{9}Z$/m,
      );
      const result = infer(sb, ['migrate']);
      expect(result.stdout).toMatch(/^Backed up the database to .*conversations\.db\.backup-\d{8}T\d{9}Z$/m);
    }
    expect(backups()).toHaveLength(3);
    const copy = new Database(`${dirname(sb.defaultDb)}/${backups().at(-1)}`, { readonly: true });
    const rows = copy.prepare('SELECT version FROM schema_migrations').all();
    copy.close();
    expect(rows).toHaveLength(2);
    expect(infer(sb, ['migrate', 'down', '--no-backup']).stdout).not.toContain('Backed up');
    expect(infer(sb, ['migrate', '--no-backup']).stdout).not.toContain('Backed up');
    expect(backups()).toHaveLength(3);
  });

  it('a failing backup stops the run with one line and a Fix, the database unchanged, no partial copy left', () => {
    const sb = migrated();
    infer(sb, ['migrate', 'down', '--no-backup']);
    execSql(sb.defaultDb, 'CREATE TABLE pad (x BLOB); INSERT INTO pad VALUES (zeroblob(2000000))');
    const before = snapshot(sb.defaultDb);
    // Writes past 500 KiB fail as on a full disk: the 2 MB copy cannot be made.
    const result = infer(sb, ['migrate'], { fileSizeLimitKb: 500 });
    expectOneLineError(
      result,
      4,
      new RegExp(
        /cannot back up SQLite database .*conversations\.db to .*\.backup-\d{8}T\d{9}Z: .*the database /.source +
          /was left unchanged\. Fix: .*--no-backup/.source,
      ),
    );
    expect(snapshot(sb.defaultDb)).toEqual(before);
    expect(readdirSync(dirname(sb.defaultDb)).filter((name) => name.includes('backup-'))).toEqual([]);
  });

  it('lint checks the shipped migrations with the database parser, changing nothing', () => {
    const sb = migrated();
    const before = snapshot(sb.defaultDb);
    const result = infer(sb, ['migrate', 'lint', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ type: 'sqlite', dialect: 'SQLite', problems: [] });
    expect(snapshot(sb.defaultDb)).toEqual(before);
  });
});
