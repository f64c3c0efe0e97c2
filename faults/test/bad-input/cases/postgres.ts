import { join } from 'node:path';
import { SqliteBackend } from '@infer/backend-sqlite';
import { minimal } from '@infer/core/testing';
import { writeConfig } from '@infer/test-servers/cli';
import { freePort, onThrowaway, pgDump, pgEnv, psql } from '../../support/postgres-cli.js';
import { BROKEN_MIDDLE, EXIT, type Case, migrationsDir } from '../harness.js';

export const cases: readonly Case[] = [
  // PostgreSQL: the database of the case must stay identical (pg_dump).
  {
    name: 'a port nothing listens on',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.connection,
    error: /127\.0\.0\.1:\d+, database ".*": connection refused/,
    setup: async ({ pg }) => ({ env: pgEnv({ ...pg, port: await freePort() }) }),
  },
  {
    name: 'an unreachable host',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.connection,
    error: /cannot connect to PostgreSQL at 10\.255\.255\.1:5432/,
    setup: ({ pg }) => ({
      env: {
        ...pgEnv({ ...pg, host: '10.255.255.1', port: 5432 }),
        INFER_STORAGE_POSTGRES_CONNECT_TIMEOUT: '1',
        INFER_STORAGE_POSTGRES_SSL_MODE: 'prefer',
      },
    }),
  },
  {
    name: 'a database that does not exist',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.connection,
    error: /database "no_such_db" does not exist/,
    setup: ({ pg }) => ({ env: pgEnv({ ...pg, database: 'no_such_db' }) }),
  },
  {
    name: 'a wrong password on a server that requires one',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.connection,
    error: /password authentication failed for user "infer_owner"/,
    setup: ({ throwaway }) => {
      const target = onThrowaway(throwaway!, 'postgres');
      return { env: pgEnv({ ...target, password: 'not-the-password' }), fingerprint: () => pgDump(target) };
    },
  },
  {
    name: 'drift on PostgreSQL',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.drift,
    error: /applied migration 003 changed/,
    setup: ({ pg }) => {
      psql(pg, "UPDATE schema_migrations SET checksum = 'x' WHERE version = '003'");
      return { env: pgEnv(pg) };
    },
  },
  {
    name: 'a conversation whose id holds U+0000, copied into PostgreSQL',
    postgres: true,
    args: ['storage', 'copy', '--to', 'postgres.yaml', '--json'],
    exit: EXIT.unsupportedValue,
    error: /PostgreSQL cannot store conversation id "bad\\u0000id": it contains U\+0000/,
    setup: async ({ sb, db, pg }) => {
      const source = await SqliteBackend.open({ config: { path: db } });
      await source.save(minimal('bad\u0000id', '2025-01-01T00:00:00Z'));
      await source.close();
      const { host, port, user, database } = pg;
      writeConfig(
        sb,
        `storage:\n  type: postgres\n  postgres:\n    host: ${host}\n    port: ${port}\n    username: ${user}\n` +
          `    database: ${database}\n    ssl_mode: disable\n`,
        join(sb.cwd, 'postgres.yaml'),
      );
      return undefined;
    },
  },
  {
    name: 'a PostgreSQL migration with an SQL error in the middle',
    postgres: true,
    args: ['migrate'],
    exit: EXIT.migration,
    error: /migration 004 \(broken\) failed: relation "no_such_table" does not exist/,
    setup: ({ sb, pg }) => ({
      env: { ...pgEnv(pg), ...migrationsDir(sb, 'postgres', { '004_broken.up.sql': BROKEN_MIDDLE }) },
    }),
  },
];
