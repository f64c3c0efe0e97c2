import { expect } from 'vitest';
import { infer, snapshot } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';
import { BROKEN_MIDDLE, EXIT, type Case, migrationsDir } from '../harness.js';

export const cases: readonly Case[] = [
  // Migrations: checked before anything runs (11), or rolled back (5); drift 8, ahead 9.
  {
    name: 'a database ahead of the code',
    args: ['migrate'],
    exit: EXIT.ahead,
    error: /migration 099 that this version of infer does not know/,
    setup: ({ db }) => {
      execSql(
        db,
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES ('099', 'Newer', CURRENT_TIMESTAMP)",
      );
    },
  },
  {
    name: 'an applied migration that changed (drift)',
    args: ['migrate'],
    exit: EXIT.drift,
    error: /applied migration 002 changed since it was applied/,
    setup: ({ db }) => {
      execSql(db, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = '002'");
    },
  },
  {
    name: 'duplicate versions in migrations_dir',
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error: /duplicate migration version: "004"/,
    setup: ({ sb }) => ({
      env: migrationsDir(sb, 'sqlite', {
        '004_a.up.sql': 'CREATE TABLE a (x TEXT);\n',
        '004_b.up.sql': 'CREATE TABLE b (x TEXT);\n',
      }),
    }),
  },
  {
    name: 'an empty migration',
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error: /migration 004 \(empty\) has an empty up/,
    setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_empty.up.sql': '-- nothing yet\n' }) }),
  },
  {
    name: 'a migration with an SQL error in the middle',
    args: ['migrate', '--no-backup'],
    exit: EXIT.migration,
    error: /migration 004 \(broken\) failed: no such table: no_such_table/,
    setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_broken.up.sql': BROKEN_MIDDLE }) }),
  },
  {
    name: 'a destructive migration without acknowledgement',
    args: ['migrate'],
    exit: EXIT.invalidMigrations,
    error: /DROP TABLE .* set "destructive: true"/,
    setup: ({ sb }) => ({ env: migrationsDir(sb, 'sqlite', { '004_drop.up.sql': 'DROP TABLE user_preferences;\n' }) }),
  },
  {
    name: '--to that is not a version',
    args: ['migrate', 'down', '--to', 'latest'],
    exit: EXIT.invalidMigrations,
    error: /--to "latest" is not a version/,
  },
  {
    name: 'down to a version that does not exist',
    args: ['migrate', 'down', '--to', '7'],
    exit: EXIT.invalidMigrations,
    error: /there is no migration 7 to revert to/,
  },
  {
    name: 'migrate down past a migration without down',
    args: ['migrate', 'down', '--to', '001'],
    exit: EXIT.invalidMigrations,
    error: /cannot revert migration 004: no down/,
    setup: ({ sb, db }) => {
      const env = migrationsDir(sb, 'sqlite', { '004_tags.up.sql': 'CREATE TABLE tags (id TEXT);\n' });
      expect(infer(sb, ['migrate', '--no-backup'], { env }).code).toBe(0);
      return { env, fingerprint: () => snapshot(db) };
    },
  },
  {
    name: 'conversations show of a missing id',
    args: ['conversations', 'show', 'no-such-id'],
    exit: EXIT.notFound,
    error: /conversation not found: no-such-id/,
  },
];
