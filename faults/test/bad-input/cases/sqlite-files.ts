import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, type Case, migrationsDir, readOnly } from '../harness.js';

export const cases: readonly Case[] = [
  // Database files: exit 4 (5 when a migration fails on the way).
  {
    name: 'a file that is not a database',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /is not a SQLite database/,
    start: 'none',
    setup: ({ db }) => {
      writeFileSync(db, 'my notes\n'.repeat(500));
    },
  },
  {
    name: 'a database file cut in half',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /SQLite database .* is damaged \(database disk image is malformed\)/,
    setup: ({ db }) => {
      writeFileSync(db, readFileSync(db).subarray(0, statSync(db).size / 2));
    },
  },
  {
    name: 'a read-only database file with pending migrations',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /cannot write SQLite database .* read-only/,
    start: 'pending',
    setup: ({ db }) => ({ cleanup: readOnly(db) }),
  },
  {
    name: 'a directory as the database path',
    args: ['migrate'],
    exit: EXIT.connection,
    error: /SQLite path .* is a directory/,
    start: 'none',
    setup: ({ db }) => {
      mkdirSync(db, { recursive: true });
      return { fingerprint: () => readdirSync(db) };
    },
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
      return {
        env: { INFER_STORAGE_SQLITE_PATH: join(dir, 'conversations.db') },
        cleanup: readOnly(dir),
        fingerprint: () => readdirSync(dir),
      };
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
      env: migrationsDir(sb, 'sqlite', {
        '004_fill.up.sql':
          'CREATE TABLE fill AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) ' +
          'SELECT i, randomblob(100) AS b FROM n;\n',
      }),
    }),
  },
];
