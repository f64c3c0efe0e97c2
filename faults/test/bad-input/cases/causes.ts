import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { addConversations, damageTablePages, execSql, holdWriteLock } from '@infer/test-servers/sqlite';
import { freePort, pgEnv } from '../../support/postgres-cli.js';
import { EXIT, type Case, type Prepared, readOnly } from '../harness.js';

/** Another process (the Inference Gateway CLI, say) holding the write lock of `db` until cleanup. */
async function heldByAnotherWriter(db: string, env: NodeJS.ProcessEnv): Promise<Prepared> {
  const holder = await holdWriteLock(db, 120_000);
  return { env, cleanup: () => void holder.kill() };
}

/**
 * A TCP server on a free port in another process (this one blocks while the CLI runs) that answers like a web server.
 */
async function notRedis(): Promise<Prepared> {
  const port = await freePort();
  const script =
    `require('node:net').createServer((s) => s.on('data', () => s.end('HTTP/1.1 400 Bad ` +
    `Request\\r\\n\\r\\n'))).listen(${port}, '127.0.0.1', () => console.log('listening'))`;
  const server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => server.stdout.once('data', () => resolve()));
  return {
    env: { INFER_STORAGE_TYPE: 'redis', INFER_STORAGE_REDIS_HOST: '127.0.0.1', INFER_STORAGE_REDIS_PORT: String(port) },
    cleanup: () => void server.kill(),
  };
}

/** Each fault names its real cause, not a near one (permissions, not free space; damaged, not "up to date"). */
export const cases: readonly Case[] = [
  {
    // Under a second of busy_timeout: no "waiting" line, only the error.
    name: 'a database held by another writer past a short busy_timeout',
    args: ['migrate', '--no-backup'],
    start: 'pending',
    exit: EXIT.lock,
    error:
      /another process \(the Inference Gateway CLI or another infer\) held SQLite database .* for more than 0\.5 s/,
    setup: ({ db }) => heldByAnotherWriter(db, { INFER_STORAGE_SQLITE_BUSY_TIMEOUT: '0.5' }),
  },
  {
    name: 'conversations list on damaged table pages',
    args: ['conversations', 'list'],
    exit: EXIT.connection,
    error: new RegExp(
      /SQLite database .* is damaged \(database disk image is malformed\).*Fix: there is no backup /.source +
        /beside it; recover what is readable with: sqlite3 .* \.recover/.source,
    ),
    setup: ({ db }) => {
      addConversations(db, 60);
      damageTablePages(db, 'conversations');
    },
  },
  {
    name: '--status on damaged table pages, a backup beside the file',
    args: ['migrate', '--status'],
    exit: EXIT.connection,
    error: /is damaged .*Fix: restore the newest backup, \S+\.backup-20261129T101500123Z, .*\.recover/,
    setup: ({ db }) => {
      addConversations(db, 60);
      copyFileSync(db, `${db}.backup-20261129T101500123Z`);
      damageTablePages(db, 'conversations');
      return undefined;
    },
  },
  {
    // Reading it works (packages/cli/test/sqlite-read-only.test.ts); the main file stays identical.
    name: 'a delete in a read-only database file',
    args: ['conversations', 'delete', 'conversation-1', '--yes'],
    exit: EXIT.connection,
    error: /cannot write SQLite database .*: attempt to write a readonly database\. Fix: check the permissions/,
    setup: ({ db }) => {
      addConversations(db, 3);
      return { cleanup: readOnly(db), fingerprint: () => createHash('sha256').update(readFileSync(db)).digest('hex') };
    },
  },
  {
    name: 'a Redis port answered by a web server',
    args: ['conversations', 'list'],
    exit: EXIT.connection,
    error: /Redis at 127\.0\.0\.1:\d+\/0: what answered is not a Redis server \(its reply began with "H"\)/,
    setup: notRedis,
  },
  {
    name: 'an unmanaged database whose tables exist',
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error: new RegExp(
      /already has tables conversations, user_preferences but no migration ledger.*Fix: .*"infer /.source +
        /migrate baseline --to 002"/.source,
    ),
    setup: ({ db }) => {
      execSql(db, 'DROP TABLE schema_migrations; ALTER TABLE conversations DROP COLUMN metadata');
    },
  },
  {
    name: '--dry-run on an unmanaged database whose tables exist',
    args: ['migrate', '--dry-run'],
    exit: EXIT.invalidMigrations,
    error: new RegExp(
      /no migration ledger.*Fix: .*"infer migrate baseline --to 002" \(the last one whose tables all /.source +
        /exist; a later one if the schema has its changes too\)/.source,
    ),
    setup: ({ db }) => {
      execSql(db, 'DROP TABLE schema_migrations');
    },
  },
  {
    name: 'a busy_timeout that is not a number of seconds',
    args: ['conversations', 'list'],
    exit: EXIT.config,
    error: /storage\.sqlite\.busy_timeout.*must be a number of seconds/,
    setup: () => ({ env: { INFER_STORAGE_SQLITE_BUSY_TIMEOUT: 'forever' } }),
  },
  {
    name: '--status on a PostgreSQL database that does not exist',
    postgres: true,
    args: ['migrate', '--status'],
    exit: EXIT.connection,
    error: /database "no_such_db" does not exist\. Fix: create it \(createdb -h \S+ -p \d+ -U \S+ no_such_db\)/,
    setup: ({ pg }) => ({ env: pgEnv({ ...pg, database: 'no_such_db' }) }),
  },
];
