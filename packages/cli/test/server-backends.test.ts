import { startNode, testsUse } from '@infer/test-servers';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';

// The real servers of this machine (docs/services.md): PostgreSQL through a database of this
// test run, Redis under a key prefix of this test run.
const database = `infer_cli_test_${process.pid}_${Date.now()}`;
const pgEnv = {
  INFER_STORAGE_TYPE: 'postgres',
  INFER_STORAGE_POSTGRES_HOST: '127.0.0.1',
  INFER_STORAGE_POSTGRES_USERNAME: 'postgres',
  INFER_STORAGE_POSTGRES_DATABASE: database,
  INFER_STORAGE_POSTGRES_SSL_MODE: 'disable',
};
const psql = (sql: string, db = 'postgres') =>
  spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], {
    encoding: 'utf8',
  });

afterAll(() => {
  psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

describe.runIf(testsUse('postgres') && testsUse('redis'))('the CLI on the server backends', () => {
  it('migrates PostgreSQL and shows its status in the same format as SQLite', () => {
    expect(psql(`CREATE DATABASE ${database}`).status).toBe(0);
    const sb = sandbox();
    const before = infer(sb, ['migrate', '--status'], { env: pgEnv });
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(
      new RegExp(
        /^PostgreSQL Migration Status:\n\n {2}❌ Version 001: Initial schema - conversations and entries /.source +
          /tables \(Pending\)\n/.source,
      ),
    );
    expect(psql("SELECT to_regclass('schema_migrations') IS NULL", database).stdout.trim()).toBe('t');

    const applied = infer(sb, ['migrate'], { env: pgEnv });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Applied 001: Initial schema - conversations and entries tables/);
    expect(psql('SELECT count(*) FROM schema_migrations', database).stdout.trim()).toBe('3');

    const after = infer(sb, ['migrate', '--status'], { env: pgEnv });
    expect(after.stdout).toMatch(/^ {2}✅ Version 002: Add user preferences table \(Applied\)$/m);
    expect(infer(sb, ['migrate'], { env: pgEnv }).stdout).toMatch(/PostgreSQL database is up to date/);
  });

  it('runs dry-run, down, lint, repair and the checks on PostgreSQL, changing nothing where it says so', () => {
    const sb = sandbox();
    const ledger = () =>
      psql('SELECT version, checksum IS NOT NULL FROM schema_migrations ORDER BY version', database).stdout.trim();
    const migrated = ledger();
    expect(migrated).toBe('001|t\n002|t\n003|t');

    const dry = infer(sb, ['migrate', 'down', '--to', '001', '--dry-run'], { env: pgEnv });
    expect(dry.stdout).toMatch(/^Dry run: 2 migrations would be reverted in the PostgreSQL database/);
    expect(dry.stdout).toContain('-- 002 down: Add user preferences table (in a transaction)');
    expect(ledger()).toBe(migrated);

    const lint = infer(sb, ['migrate', 'lint'], { env: pgEnv });
    expect(lint.stdout, lint.stderr).toMatch(/Checked 3 migrations with the PostgreSQL parser: no problems\./);
    expect(psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'infer_lint_%'", database).stdout.trim()).toBe(
      '0',
    );

    expect(infer(sb, ['migrate', 'down', '--to', '001'], { env: pgEnv }).code).toBe(0);
    expect(psql("SELECT to_regclass('user_preferences') IS NULL", database).stdout.trim()).toBe('t');
    expect(infer(sb, ['migrate', '--dry-run'], { env: pgEnv }).stdout).toContain(
      '-- 002 up: Add user preferences table',
    );
    expect(infer(sb, ['migrate'], { env: pgEnv }).code).toBe(0);
    expect(ledger()).toBe(migrated);

    psql("UPDATE schema_migrations SET checksum = 'x' WHERE version = '003'", database);
    const drift = infer(sb, ['migrate'], { env: pgEnv });
    expect(drift.code).toBe(8);
    expect(drift.stderr).toMatch(/^Error: applied migration 003 changed since it was applied/);
    expect(infer(sb, ['migrate', 'repair'], { env: pgEnv }).code).toBe(0);
    psql("INSERT INTO schema_migrations (version, description, applied_at) VALUES ('777', 'Newer', now())", database);
    expect(infer(sb, ['migrate'], { env: pgEnv }).code).toBe(9);
    psql("DELETE FROM schema_migrations WHERE version = '777'", database);
    expect(infer(sb, ['migrate', '--status', '--exit-code'], { env: pgEnv }).code).toBe(0);
  });

  it('with lock_mode transaction, refuses a migration without a transaction before anything runs (exit 11)', () => {
    const sb = sandbox();
    const dir = join(sb.root, 'migrations');
    mkdirSync(join(dir, 'postgres'), { recursive: true });
    writeFileSync(
      join(dir, 'postgres', '004_index_titles.up.sql'),
      '-- infer: transaction=false\nCREATE INDEX CONCURRENTLY idx_titles ON conversations(title);\n',
    );
    const env = { ...pgEnv, INFER_STORAGE_POSTGRES_LOCK_MODE: 'transaction', INFER_STORAGE_MIGRATIONS_DIR: dir };
    const ledger = psql('SELECT version FROM schema_migrations ORDER BY version', database).stdout;
    expectOneLineError(
      infer(sb, ['migrate'], { env }),
      11,
      new RegExp(
        /migration 004 \(index titles\) opts out of a transaction \(transaction=false\), which PostgreSQL /.source +
          /cannot run with lock_mode "transaction".*lock_mode "session" on a direct connection/.source,
      ),
    );
    expect(psql('SELECT version FROM schema_migrations ORDER BY version', database).stdout).toBe(ledger);
    expect(psql("SELECT to_regclass('idx_titles') IS NULL", database).stdout.trim()).toBe('t');
    expect(infer(sb, ['migrate', 'lint'], { env }).stdout).toMatch(
      /error {3}004 \[transaction\] .*lock_mode "transaction"/,
    );
  });

  it('exits 10 with one line naming the holder when another session holds the migration lock', async () => {
    const key = createHash('sha256').update('schema_migrations').digest().readBigInt64BE(0).toString();
    const holder = spawn('psql', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      database,
      '-c',
      `SELECT pg_advisory_lock(${key})`,
      '-c',
      'SELECT pg_sleep(20)',
    ]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const result = await startNode([BIN, 'migrate'], {
        env: { ...sandbox().env, ...pgEnv, INFER_STORAGE_POSTGRES_LOCK_TIMEOUT: '1' },
      }).exit;
      expect(result.code).toBe(10);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(
        new RegExp(
          /^Error: the PostgreSQL migration lock on 127\.0\.0\.1:5432, database "infer_cli_test_[\d_]+", /.source +
            /was not free within 1 s: held by pid \d+/.source,
        ),
      );
    } finally {
      holder.kill();
    }
  });

  it('names host, port and database of an unreachable PostgreSQL, never the password', () => {
    const sb = sandbox();
    const env = {
      ...pgEnv,
      INFER_STORAGE_POSTGRES_PORT: '1',
      INFER_STORAGE_POSTGRES_PASSWORD: 'S3cret-Pa55',
      INFER_STORAGE_POSTGRES_CONNECT_TIMEOUT: '2',
    };
    const result = infer(sb, ['migrate'], { env });
    expect(result.code).toBe(4);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('127.0.0.1:1');
    expect(result.stderr).toContain(database);
    expect(result.stdout + result.stderr).not.toContain('S3cret-Pa55');
  });

  it('says Redis needs no migrations, for migrate and --status alike', () => {
    const sb = sandbox();
    const env = {
      INFER_STORAGE_TYPE: 'redis',
      INFER_STORAGE_REDIS_HOST: '127.0.0.1',
      INFER_STORAGE_REDIS_KEY_PREFIX: `infer-cli-test:${process.pid}:`,
    };
    for (const args of [['migrate'], ['migrate', '--status']]) {
      const result = infer(sb, args, { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('Redis needs no migrations.\n');
    }
  });

  it('lists every bundled backend', () => {
    const result = infer(sandbox(), ['backends', '--json']);
    const types = (JSON.parse(result.stdout) as { type: string }[]).map((b) => b.type);
    expect(types).toEqual(expect.arrayContaining(['memory', 'postgres', 'redis', 'sqlite']));
  });
});
