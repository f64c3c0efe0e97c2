import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqliteMigrations } from '@infer/backend-sqlite';
import { describe, expect, it } from 'vitest';
import { infer, sandbox, snapshot } from '@infer/test-servers/cli';
import { Database } from '@infer/test-servers/sqlite';
import { ledgerOf } from './helpers.js';

const versions = sqliteMigrations.map((m) => m.version);
const line = (icon: string, version: string, state: string) => {
  const migration = sqliteMigrations.find((m) => m.version === version)!;
  return `  ${icon} Version ${version}: ${migration.description} (${state})`;
};

describe('infer migrate (default SQLite)', () => {
  it('creates ~/.infer/conversations.db in an empty HOME and applies every migration, then says up to date', () => {
    const sb = sandbox();
    const first = infer(sb, ['migrate']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const m of sqliteMigrations) {
      expect(first.stdout).toMatch(new RegExp(`^  ✅ Applied ${m.version}: ${m.description} \\((<1|\\d+) ms\\)$`, 'm'));
    }
    expect(first.stdout).toContain(`Applied ${versions.length} migrations to the SQLite database.`);
    expect(ledgerOf(sb.defaultDb).map((row) => row.version)).toEqual(versions);

    const second = infer(sb, ['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`SQLite database is up to date (${versions.length} migrations applied).\n`);
    expect(ledgerOf(sb.defaultDb)).toHaveLength(versions.length);
  });

  it('--status on a missing database lists every migration as pending and creates nothing', () => {
    const sb = sandbox();
    const result = infer(sb, ['migrate', '--status']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      ['SQLite Migration Status:', '', ...versions.map((v) => line('❌', v, 'Pending')), ''].join('\n'),
    );
    expect(existsSync(sb.defaultDb)).toBe(false);
    expect(existsSync(dirname(sb.defaultDb))).toBe(false);
  });

  it('--status prints the exact format and leaves the database byte-identical', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate']).code).toBe(0);
    // Roll back to "only 001 applied" so that both states show.
    const db = new Database(sb.defaultDb);
    db.prepare("DELETE FROM schema_migrations WHERE version <> '001'").run();
    db.close();
    const before = snapshot(sb.defaultDb);
    const result = infer(sb, ['migrate', '--status']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'SQLite Migration Status:',
        '',
        '  ✅ Version 001: Initial schema - conversations table (Applied)',
        '  ❌ Version 002: Add user preferences table (Pending)',
        ...versions.slice(2).map((v) => line('❌', v, 'Pending')),
        '',
      ].join('\n'),
    );
    expect(snapshot(sb.defaultDb).db).toBe(before.db);
    expect(infer(sb, ['migrate', '--status', '--json']).code).toBe(0);
    expect(snapshot(sb.defaultDb).db).toBe(before.db);
  });

  it('--status creates no -wal or -shm file beside an existing database', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate']).code).toBe(0);
    const before = snapshot(sb.defaultDb);
    expect(before).toMatchObject({ wal: null, shm: null, journal: null });
    expect(infer(sb, ['migrate', '--status']).code).toBe(0);
    expect(snapshot(sb.defaultDb)).toEqual(before);
  });

  it('--json outputs parse as JSON and hold no progress text', () => {
    const sb = sandbox();
    const status = infer(sb, ['migrate', '--status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      type: 'sqlite',
      dialect: 'SQLite',
      migrations: sqliteMigrations.map(({ version, description }) => ({ version, description, state: 'pending' })),
    });
    expect(existsSync(sb.defaultDb)).toBe(false);

    const applied = infer(sb, ['migrate', '--json']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).not.toMatch(/✅|Applied \d|up to date/);
    const report = JSON.parse(applied.stdout) as {
      type: string;
      dialect: string;
      results: { version: string; outcome: string }[];
    };
    expect(report.type).toBe('sqlite');
    expect(report.dialect).toBe('SQLite');
    expect(report.results.map((r) => [r.version, r.outcome])).toEqual(versions.map((v) => [v, 'applied']));

    const again = infer(sb, ['migrate', '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ type: 'sqlite', dialect: 'SQLite', results: [] });
    const after = JSON.parse(infer(sb, ['migrate', '--status', '--json']).stdout) as {
      migrations: { state: string }[];
    };
    expect(after.migrations.map((m) => m.state)).toEqual(versions.map(() => 'applied'));
  });

  it('--status shows a version that the database ledger has and this release does not ship', () => {
    const sb = sandbox();
    expect(infer(sb, ['migrate']).code).toBe(0);
    const db = new Database(sb.defaultDb);
    db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
      '999',
      'A table from the future',
      new Date().toISOString(),
    );
    db.close();
    const before = snapshot(sb.defaultDb);
    const result = infer(sb, ['migrate', '--status']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(2, 2 + versions.length)).toEqual(versions.map((v) => line('✅', v, 'Applied')));
    expect(lines[2 + versions.length]).toBe(
      '  ⚠️  Version 999: A table from the future (Applied, unknown to this version of infer)',
    );
    expect(lines.at(-1)).toMatch(/migrated by a newer release of infer.*999/);
    expect(snapshot(sb.defaultDb).db).toBe(before.db);

    const json = JSON.parse(infer(sb, ['migrate', '--status', '--json']).stdout) as {
      migrations: { version: string; state: string }[];
    };
    expect(json.migrations.at(-1)).toMatchObject({ version: '999', state: 'unknown' });
  });
});

describe('infer migrate (memory and disabled storage)', () => {
  it('says the memory backend needs no migrations, with and without --status', () => {
    const sb = sandbox();
    const env = { INFER_STORAGE_TYPE: 'memory' };
    for (const args of [['migrate'], ['migrate', '--status']]) {
      const result = infer(sb, args, { env });
      expect(result).toEqual({ code: 0, stdout: 'Memory needs no migrations.\n', stderr: '' });
    }
    const json = infer(sb, ['migrate', '--json'], { env });
    expect(JSON.parse(json.stdout)).toEqual({ type: 'memory', dialect: null, results: [], skipped: 'no migrations' });
    expect(existsSync(dirname(sb.defaultDb))).toBe(false);
  });

  it('says storage is disabled and touches nothing', () => {
    const sb = sandbox();
    const result = infer(sb, ['migrate'], { env: { INFER_STORAGE_ENABLED: 'false' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Storage is disabled/);
    expect(existsSync(dirname(sb.defaultDb))).toBe(false);
  });
});
