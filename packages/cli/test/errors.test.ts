import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Sandbox, expectOneLineError, infer, sandbox, snapshot, writeConfig } from '@infer/test-servers/cli';
import { Database } from '@infer/test-servers/sqlite';
import { ledgerOf } from './helpers.js';

/** A sandbox whose default database exists and is fully migrated. */
function migrated(): Sandbox {
  const sb = sandbox();
  expect(infer(sb, ['migrate']).code).toBe(0);
  return sb;
}

/** Runs `infer migrate` against a bad input and checks the one-line error and that the database is untouched. */
function expectRejected(
  sb: Sandbox,
  args: string[],
  env: NodeJS.ProcessEnv,
  exitCode: number,
  ...fragments: (string | RegExp)[]
) {
  const before = snapshot(sb.defaultDb);
  const result = infer(sb, args, { env });
  expectOneLineError(result, exitCode, ...fragments);
  expect(result.stdout).toBe('');
  expect(snapshot(sb.defaultDb)).toEqual(before);
  return result;
}

describe('bad configuration: one line on stderr, exit 3, database untouched', () => {
  it('YAML that does not parse', () => {
    const sb = migrated();
    const file = writeConfig(sb, 'storage:\n  type: [sqlite\n');
    expectRejected(sb, ['migrate'], {}, 3, `Error: cannot parse ${file}`, /line \d+/, /Fix: /);
  });

  it('an unknown key under storage', () => {
    const sb = migrated();
    const file = writeConfig(sb, 'storage:\n  sqlte: {}\n');
    expectRejected(
      sb,
      ['migrate'],
      {},
      3,
      /^Error: storage\.sqlte: unknown key \(known: enabled, type, .*memory.*sqlite/,
      `Fix: correct it in ${file}`,
    );
  });

  it('an unknown key inside storage.sqlite', () => {
    const sb = migrated();
    writeConfig(sb, 'storage:\n  sqlite:\n    paht: /tmp/x.db\n');
    expectRejected(sb, ['migrate'], {}, 3, /^Error: storage\.sqlite/, /paht/);
  });

  it('an unknown storage.type names the installed types and how to add one', () => {
    const sb = migrated();
    writeConfig(sb, 'storage:\n  type: mysql\n');
    expectRejected(
      sb,
      ['migrate', '--status'],
      {},
      3,
      /storage type "mysql" is not installed \(installed: (.+, )?memory, (.+, )?sqlite(, .+)?\)/,
      /infer plugins install/,
    );
  });

  it('a value of the wrong type in the file', () => {
    const sb = migrated();
    const file = writeConfig(sb, 'storage:\n  sqlite:\n    path: 5\n');
    const result = expectRejected(sb, ['migrate'], {}, 3);
    expect(result.stderr).toBe(
      `Error: storage.sqlite.path: Invalid type: Expected string but received 5 (in ${file}). Fix: correct it ` +
        `in ${file}\n`,
    );
  });

  it('a value of the wrong type from the environment', () => {
    const sb = migrated();
    expectRejected(
      sb,
      ['migrate'],
      { INFER_STORAGE_ENABLED: 'maybe' },
      3,
      /^Error: storage\.enabled: /,
      /INFER_STORAGE_ENABLED/,
    );
  });

  it('--config pointing to a missing file', () => {
    const sb = migrated();
    expectRejected(
      sb,
      ['migrate', '--config', 'nope.yaml'],
      {},
      3,
      `config file ${join(sb.cwd, 'nope.yaml')} does not exist`,
    );
  });

  it('--json also reports the error as JSON on stdout, with the same exit code', () => {
    const sb = sandbox();
    const result = infer(sb, ['migrate', '--json', '--config', 'nope.yaml']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'E_CONFIG', exitCode: 3 } });
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('DEBUG shows the stack and the cause chain', () => {
    const sb = sandbox();
    const file = writeConfig(
      sb,
      'storage:\n  type: postgres\n  postgres:\n    ssl_mode: verify-full\n    ssl_root_cert: /nonexistent/ca.pem\n',
      join(sb.cwd, 'ca.yaml'),
    );
    const result = infer(sb, ['migrate', '--config', file], { env: { DEBUG: '1' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^Error: storage\.postgres\.ssl_root_cert: cannot read/);
    expect(result.stderr).toMatch(/\n {4}at /);
    expect(result.stderr).toMatch(/\nCaused by: /);
  });
});

describe('bad usage', () => {
  it('an unknown flag exits 2 with one line', () => {
    expectOneLineError(infer(sandbox(), ['migrate', '--bogus']), 2, /Nonexistent flag: --bogus/);
  });
});

describe('SQLite failures: one line on stderr, the right exit code, nothing changed', () => {
  it('a path that is a directory exits 4', () => {
    const sb = sandbox();
    const dir = join(sb.cwd, 'db-dir');
    mkdirSync(dir);
    expectOneLineError(infer(sb, ['migrate'], { env: { INFER_STORAGE_SQLITE_PATH: dir } }), 4, /is a directory/);
    expectOneLineError(
      infer(sb, ['migrate', '--status'], { env: { INFER_STORAGE_SQLITE_PATH: dir } }),
      4,
      /is a directory/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file that is not a database exits 4 and stays byte-identical', () => {
    const sb = sandbox();
    const file = join(sb.cwd, 'notes.db');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const before = snapshot(file);
    for (const args of [['migrate'], ['migrate', '--status']]) {
      expectOneLineError(infer(sb, args, { env: { INFER_STORAGE_SQLITE_PATH: file } }), 4, /not a SQLite database/);
      expect(snapshot(file)).toEqual(before);
    }
  });

  it('a migration that fails exits 5, names its version, and leaves ledger and schema as they were', () => {
    const sb = migrated();
    // The database already has user_preferences, but its ledger says only 001 ran: 002 must fail.
    const db = new Database(sb.defaultDb);
    db.prepare("DELETE FROM schema_migrations WHERE version <> '001'").run();
    db.close();
    const schema = () => {
      const conn = new Database(sb.defaultDb, { readonly: true });
      try {
        return conn.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
      } finally {
        conn.close();
      }
    };
    const [ledgerBefore, schemaBefore] = [ledgerOf(sb.defaultDb), schema()];
    const result = infer(sb, ['migrate']);
    expectOneLineError(
      result,
      5,
      /^Error: migration 002 \(Add user preferences table\) failed: /,
      /already exists/,
      /Fix: /,
    );
    expect(result.stdout).toMatch(/^ {2}❌ Failed 002: Add user preferences table/m);
    expect(result.stdout).not.toMatch(/Applied 00[23]/);
    expect(ledgerOf(sb.defaultDb)).toEqual(ledgerBefore);
    expect(schema()).toEqual(schemaBefore);
  });

  it('a directory the CLI cannot write to exits 4 and creates nothing', () => {
    const sb = sandbox();
    const readOnlyDir = join(sb.root, 'read-only');
    mkdirSync(readOnlyDir);
    chmodSync(readOnlyDir, 0o555);
    // Root writes anywhere a mode allows nothing, but not into an immutable directory.
    const immutable = process.getuid?.() === 0;
    if (immutable) expect(spawnSync('chattr', ['+i', readOnlyDir]).status, 'chattr +i (ext4, as root)').toBe(0);
    try {
      const env = { INFER_STORAGE_SQLITE_PATH: join(readOnlyDir, 'conversations.db') };
      expectOneLineError(infer(sb, ['migrate'], { env }), 4, /cannot/, /read-only/);
      const nested = { INFER_STORAGE_SQLITE_PATH: join(readOnlyDir, 'sub', 'conversations.db') };
      expectOneLineError(infer(sb, ['migrate'], { env: nested }), 4, /cannot create directory/);
      expect(readdirSync(readOnlyDir)).toEqual([]);
    } finally {
      if (immutable) spawnSync('chattr', ['-i', readOnlyDir]);
    }
  });
});
