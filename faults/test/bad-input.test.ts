import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteBackend } from '@infer/backend-sqlite';
import { minimal } from '@infer/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execSql, type Sandbox, expectOneLineError, infer, linkContractPlugin, sandbox, snapshot, writeConfig } from '../../packages/cli/test/helpers.js';
import { type PgTarget, ThrowawayPostgres, createDatabase, dropDatabases, freePort, onThrowaway, pgDump, pgEnv, postgresEnabled, psql, shared } from './support/postgres-cli.js';

/**
 * Issue 7, item 4: a catalogue of bad inputs, each through the real `infer` binary. Every one must
 * give exactly one `Error: … Fix: …` line, no stack, its documented exit code
 * (packages/cli/src/exit-codes.ts), and leave the database byte-identical.
 */
const EXIT = { usage: 2, config: 3, connection: 4, migration: 5, notFound: 6, drift: 8, ahead: 9, invalidMigrations: 11, unsupportedValue: 13 } as const;

interface Context {
  readonly sb: Sandbox;
  /** The SQLite file the case runs against (the sandbox's default database unless it moves it). */
  readonly db: string;
  /** The PostgreSQL database of a `postgres` case: a migrated one of its own. */
  readonly pg: PgTarget;
}

interface Prepared {
  readonly env?: NodeJS.ProcessEnv;
  /** What must be identical before and after; the SQLite file and its -wal/-shm by default. */
  readonly fingerprint?: () => unknown;
  readonly cleanup?: () => void;
  readonly fileSizeLimitKb?: number;
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: number;
  /** Names the problem. */
  readonly error: RegExp;
  /** `pending`: the SQLite database is at 001 with 002 and 003 to apply; `none`: no database. */
  readonly start?: 'migrated' | 'pending' | 'none';
  readonly postgres?: boolean;
  readonly setup?: (context: Context) => Prepared | undefined | Promise<Prepared | undefined>;
}

const config = (yaml: string) => ({ sb }: Context) => (writeConfig(sb, yaml), undefined);

/** Application migrations `files` (name → SQL) under the sandbox, for storage type `type`. */
function migrationsDir(sb: Sandbox, type: string, files: Record<string, string>): NodeJS.ProcessEnv {
  const dir = join(sb.cwd, 'migrations');
  mkdirSync(join(dir, type), { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, type, name), sql);
  return { INFER_STORAGE_MIGRATIONS_DIR: dir };
}

/** Read-only for this process: by mode, and as root (whom modes do not stop) immutable. */
function readOnly(path: string): () => void {
  chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o444);
  if (process.getuid?.() !== 0) return () => {};
  expect(spawnSync('chattr', ['+i', path]).status, 'chattr +i (ext4, as root)').toBe(0);
  return () => spawnSync('chattr', ['-i', path]);
}

/** 003 fails at its third statement: the first two must not stay. */
const BROKEN_MIDDLE = 'CREATE TABLE tags (id TEXT);\nINSERT INTO tags VALUES (1);\nINSERT INTO no_such_table VALUES (2);\nCREATE TABLE after_it (x TEXT);\n';

const CASES: readonly Case[] = [
  // Configuration files and the environment: exit 3.
  { name: 'YAML that does not parse', args: ['migrate'], exit: EXIT.config, error: /cannot parse .*config\.yaml/, setup: config('storage:\n  type: [sqlite\n') },
  { name: 'YAML that is a list', args: ['migrate'], exit: EXIT.config, error: /must hold a YAML mapping/, setup: config('- storage\n- sqlite\n') },
  { name: 'an unknown storage.type', args: ['migrate'], exit: EXIT.config, error: /storage type "mysql" is not installed/, setup: config('storage:\n  type: mysql\n') },
  { name: 'an unknown key', args: ['migrate'], exit: EXIT.config, error: /storage\.sqlte: unknown key/, setup: config('storage:\n  sqlte: {}\n') },
  { name: 'an unknown key in a backend section', args: ['migrate', '--status'], exit: EXIT.config, error: /storage\.sqlite\.paht/, setup: config('storage:\n  sqlite:\n    paht: x.db\n') },
  { name: 'a value of the wrong type', args: ['migrate'], exit: EXIT.config, error: /storage\.sqlite\.path: Invalid type/, setup: config('storage:\n  sqlite:\n    path: 5\n') },
  { name: 'a port that is not a number', args: ['migrate'], exit: EXIT.config, error: /storage\.postgres\.port: /, setup: config('storage:\n  type: postgres\n  postgres:\n    port: five\n') },
  { name: 'an environment variable matching no setting', args: ['migrate'], exit: EXIT.config, error: /INFER_STORAGE_BOGUS matches no storage setting/, setup: () => ({ env: { INFER_STORAGE_BOGUS: '1' } }) },
  { name: 'an environment variable of the wrong type', args: ['migrate'], exit: EXIT.config, error: /storage\.enabled: .*INFER_STORAGE_ENABLED/, setup: () => ({ env: { INFER_STORAGE_ENABLED: 'maybe' } }) },
  { name: '--config naming a missing file', args: ['migrate', '--config', 'nope.yaml'], exit: EXIT.config, error: /config file .*nope\.yaml does not exist/ },
  { name: 'storage copy --to a missing file', args: ['storage', 'copy', '--to', 'missing.yaml'], exit: EXIT.config, error: /config file .*missing\.yaml does not exist/ },
  { name: 'migrate create without migrations_dir', args: ['migrate', 'create', 'add_tags'], exit: EXIT.config, error: /storage\.migrations_dir is not set/ },
  {
    name: 'a plugin built for an incompatible backend contract',
    args: ['migrate', '--status'],
    exit: EXIT.config,
    error: /storage type "future" \(acme-backend-future\) needs backend contract \^2\.0\.0; this infer has/,
    setup: ({ sb }) => (linkContractPlugin(sb, 'acme-backend-future', 'future', '^2.0.0'), { env: { INFER_STORAGE_TYPE: 'future' } }),
  },

  // Flags oclif cannot parse: exit 2.
  { name: 'an unknown flag', args: ['migrate', '--bogus'], exit: EXIT.usage, error: /Nonexistent flag: --bogus/ },
  { name: 'a flag without its value', args: ['migrate', '--config'], exit: EXIT.usage, error: /Flag --config expects a value/ },
  { name: '--exit-code without --status', args: ['migrate', '--exit-code'], exit: EXIT.usage, error: /--exit-code: --status/ },
  { name: 'a flag of another subcommand', args: ['migrate', '--to', '001'], exit: EXIT.usage, error: /Nonexistent flag: --to/ },
  { name: 'a --limit that is not a number', args: ['conversations', 'list', '--limit', 'many'], exit: EXIT.usage, error: /many/ },

  // Database files: exit 4 (5 when a migration fails on the way).
  { name: 'a file that is not a database', args: ['migrate'], exit: EXIT.connection, error: /is not a SQLite database/, start: 'none', setup: ({ db }) => (writeFileSync(db, 'my notes\n'.repeat(500)), undefined) },
  {
    name: 'a database file cut in half',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /is not a SQLite database \(database disk image is malformed\)/,
    setup: ({ db }) => (writeFileSync(db, readFileSync(db).subarray(0, statSync(db).size / 2)), undefined),
  },
  { name: 'a read-only database file with pending migrations', args: ['migrate'], exit: EXIT.connection, error: /cannot write SQLite database .* read-only/, start: 'pending', setup: ({ db }) => ({ cleanup: readOnly(db) }) },
  {
    name: 'a directory as the database path',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /SQLite path .* is a directory/,
    start: 'none',
    setup: ({ db }) => (mkdirSync(db, { recursive: true }), { fingerprint: () => readdirSync(db) }),
  },
  {
    name: 'a directory the CLI cannot write to',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /cannot .*read-only/,
    start: 'none',
    setup: ({ sb }) => {
      const dir = join(sb.root, 'read-only');
      mkdirSync(dir);
      return { env: { INFER_STORAGE_SQLITE_PATH: join(dir, 'conversations.db') }, cleanup: readOnly(dir), fingerprint: () => readdirSync(dir) };
    },
  },
  {
    // RLIMIT_FSIZE: a write past 64 KiB fails with EFBIG, as on a full disk (a tmpfs needs root).
    name: 'a full disk during a migration',
    args: ['migrate', '--no-backup'],
    exit: EXIT.migration,
    error: /migration 004 \(fill\) failed: disk I\/O error/,
    setup: ({ sb }) => ({
      fileSizeLimitKb: 64,
      env: migrationsDir(sb, 'sqlite', { '004_fill.up.sql': 'CREATE TABLE fill AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT i, randomblob(100) AS b FROM n;\n' }),
    }),
  },

  // Migrations: checked before anything runs (11), or rolled back (5); drift 8, ahead 9.
  { name: 'a database ahead of the code', args: ['migrate'], exit: EXIT.ahead, error: /migration\(s\) 099 that this version of infer does not know/, setup: ({ db }) => (execSql(db, "INSERT INTO schema_migrations (version, description, applied_at) VALUES ('099', 'Newer', CURRENT_TIMESTAMP)"), undefined) },
  { name: 'an applied migration that changed (drift)', args: ['migrate'], exit: EXIT.drift, error: /applied migration\(s\) 002 changed since they were applied/, setup: ({ db }) => (execSql(db, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = '002'"), undefined) },
  {
    name: 'duplicate versions in migrations_dir',
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error: /duplicate migration version: "004"/,
    setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_a.up.sql': 'CREATE TABLE a (x TEXT);\n', '004_b.up.sql': 'CREATE TABLE b (x TEXT);\n' }) }),
  },
  { name: 'an empty migration', args: ['migrate'], exit: EXIT.invalidMigrations, error: /migration 004 \(empty\) has an empty up/, setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_empty.up.sql': '-- nothing yet\n' }) }) },
  { name: 'a migration with an SQL error in the middle', args: ['migrate', '--no-backup'], exit: EXIT.migration, error: /migration 004 \(broken\) failed: no such table: no_such_table/, setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_broken.up.sql': BROKEN_MIDDLE }) }) },
  {
    name: 'a destructive migration without acknowledgement',
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error: /DROP TABLE .* set "destructive: true"/,
    setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_drop.up.sql': 'DROP TABLE user_preferences;\n' }) }),
  },
  { name: '--to that is not a version', args: ['migrate', 'down', '--to', 'latest'], exit: EXIT.invalidMigrations, error: /--to "latest" is not a version/ },
  { name: 'down to a version that does not exist', args: ['migrate', 'down', '--to', '7'], exit: EXIT.invalidMigrations, error: /there is no migration 7 to revert to/ },
  {
    name: 'migrate down past a migration without down',
    args: ['migrate', 'down', '--to', '001'],
    exit: EXIT.invalidMigrations,
    error: /cannot revert migration\(s\) 004: no down/,
    setup: ({ sb, db }) => {
      const env = migrationsDir(sb, 'sqlite', { '004_tags.up.sql': 'CREATE TABLE tags (id TEXT);\n' });
      expect(infer(sb, ['migrate', '--no-backup'], { env }).code).toBe(0);
      return { env, fingerprint: () => snapshot(db) };
    },
  },
  { name: 'conversations show of a missing id', args: ['conversations', 'show', 'no-such-id'], exit: EXIT.notFound, error: /conversation not found: no-such-id/ },

  // PostgreSQL: the database of the case must stay identical (pg_dump).
  { name: 'a port nothing listens on', postgres: true, args: ['migrate'], exit: EXIT.connection, error: /127\.0\.0\.1:\d+, database ".*": connection refused/, setup: async ({ pg }) => ({ env: pgEnv({ ...pg, port: await freePort() }) }) },
  {
    name: 'an unreachable host',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.connection,
    error: /cannot connect to PostgreSQL at 10\.255\.255\.1:5432/,
    setup: ({ pg }) => ({ env: { ...pgEnv({ ...pg, host: '10.255.255.1', port: 5432 }), INFER_STORAGE_POSTGRES_CONNECT_TIMEOUT: '1', INFER_STORAGE_POSTGRES_SSL_MODE: 'prefer' } }),
  },
  { name: 'a database that does not exist', postgres: true, args: ['migrate'], exit: EXIT.connection, error: /database "no_such_db" does not exist/, setup: ({ pg }) => ({ env: pgEnv({ ...pg, database: 'no_such_db' }) }) },
  {
    name: 'a wrong password on a server that requires one',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.connection,
    error: /password authentication failed for user "infer_owner"/,
    setup: () => {
      const target = onThrowaway(server!, 'postgres');
      return { env: pgEnv({ ...target, password: 'not-the-password' }), fingerprint: () => pgDump(target) };
    },
  },
  { name: 'drift on PostgreSQL', postgres: true, args: ['migrate'], exit: EXIT.drift, error: /applied migration\(s\) 003 changed/, setup: ({ pg }) => (psql(pg, "UPDATE schema_migrations SET checksum = 'x' WHERE version = '003'"), { env: pgEnv(pg) }) },
  {
    name: 'a conversation whose id holds U+0000, copied into PostgreSQL',
    postgres: true,
    args: ['storage', 'copy', '--to', 'postgres.yaml', '--json'],
    exit: EXIT.unsupportedValue,
    error: /PostgreSQL cannot store conversation id "bad\\u0000id": it contains U\+0000/,
    setup: async ({ sb, db, pg }) => {
      const source = await SqliteBackend.open({ path: db });
      await source.save(minimal('bad\u0000id', '2025-01-01T00:00:00Z'));
      await source.close();
      const { host, port, user, database } = pg;
      writeConfig(sb, `storage:\n  type: postgres\n  postgres:\n    host: ${host}\n    port: ${port}\n    username: ${user}\n    database: ${database}\n    ssl_mode: disable\n`, join(sb.cwd, 'postgres.yaml'));
      return undefined;
    },
  },
  {
    name: 'a PostgreSQL migration with an SQL error in the middle',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.migration,
    error: /migration 004 \(broken\) failed: relation "no_such_table" does not exist/,
    setup: ({ sb, pg }) => ({ env: { ...pgEnv(pg), ...migrationsDir(sb, 'postgres', { '004_broken.up.sql': BROKEN_MIDDLE }) } }),
  },
];

const PASSWORD = 'Throwaway-Owner-Pw';
let server: ThrowawayPostgres | undefined;
const templates = { migrated: '', pending: '' };

beforeAll(async () => {
  const sb = sandbox();
  expect(infer(sb, ['migrate', '--no-backup']).code).toBe(0);
  templates.migrated = join(sb.root, 'migrated.db');
  copyFileSync(sb.defaultDb, templates.migrated);
  expect(infer(sb, ['migrate', 'down', '--to', '001']).code).toBe(0);
  templates.pending = join(sb.root, 'pending.db');
  copyFileSync(sb.defaultDb, templates.pending);
  if (postgresEnabled) server = await ThrowawayPostgres.start({ user: 'infer_owner', password: PASSWORD });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (postgresEnabled) await dropDatabases();
});

async function context(testCase: Case): Promise<Context> {
  const sb = sandbox();
  const start = testCase.start ?? 'migrated';
  mkdirSync(join(sb.home, '.infer'), { recursive: true });
  if (start !== 'none') copyFileSync(templates[start], sb.defaultDb);
  const pg = shared(testCase.postgres ? await createDatabase() : 'unused');
  if (testCase.postgres) expect(infer(sb, ['migrate'], { env: pgEnv(pg) }).code).toBe(0);
  return { sb, db: sb.defaultDb, pg };
}

describe('bad input: one line with the fix, the documented exit code, the database byte-identical', () => {
  it('covers at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  for (const testCase of CASES) {
    it.skipIf(testCase.postgres && !postgresEnabled)(`${testCase.name}: exit ${testCase.exit}`, async () => {
      const ctx = await context(testCase);
      const prepared = (await testCase.setup?.(ctx)) ?? {};
      const fingerprint = prepared.fingerprint ?? (testCase.postgres ? () => pgDump(ctx.pg) : () => snapshot(ctx.db));
      const before = fingerprint();
      try {
        const result = infer(ctx.sb, testCase.args, { env: prepared.env ?? {}, fileSizeLimitKb: prepared.fileSizeLimitKb });
        expectOneLineError(result, testCase.exit, /^Error: /, testCase.error, /\. Fix: \S/);
      } finally {
        prepared.cleanup?.();
      }
      expect(fingerprint()).toEqual(before);
    });
  }
});
