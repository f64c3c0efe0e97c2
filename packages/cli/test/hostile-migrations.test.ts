import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { infer, sandbox } from '@infer/test-servers/cli';
import { execSql } from '@infer/test-servers/sqlite';
import { HOSTILE, SHOWN, SHOWN_IN_LIST, expectNoRawControl } from './hostile.js';
import { type Store, persistentStores, runs } from './stores.js';

/**
 * Migration files and ledger rows are hostile too: their descriptions, SQL and file names never
 * reach the terminal raw from any migrate command.
 */

/** Writes a hostile ledger row (an unknown version 900) straight into the store's database. */
const ledgerWriters: Record<string, (store: Store, description: string) => void> = {
  sqlite: (store, description) => {
    const path = /path: (.+)/.exec(readFileSync(store.config, 'utf8'))![1]!;
    execSql(
      path,
      `INSERT INTO schema_migrations (version, description, applied_at) VALUES ('900', '${description}', ` +
        `'2026-01-01 00:00:00')`,
    );
  },
  postgres: (store, description) => {
    const database = /database: (.+)/.exec(readFileSync(store.config, 'utf8'))![1]!;
    const row = `('900', '${description}', now())`;
    const sql = `INSERT INTO schema_migrations (version, description, applied_at) VALUES ${row}`;
    expect(
      spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-c', sql])
        .status,
    ).toBe(0);
  },
};

describe.each(persistentStores.filter(([name]) => name !== 'redis' && runs(name)))(
  'hostile migrations on %s',
  (name, makeStore) => {
    const sb = sandbox();
    const store = makeStore(sb);
    const dir = join(sb.root, 'migrations');
    const cli = (...args: string[]) =>
      infer(sb, [...args, '--config', store.config], { env: { INFER_STORAGE_MIGRATIONS_DIR: dir } });
    /** Runs a migrate command and checks that neither stream carries a raw control character. */
    const shown = (...args: string[]) => {
      const result = cli('migrate', ...args);
      expectNoRawControl(result.stdout);
      expectNoRawControl(result.stderr);
      return result;
    };

    it('escapes descriptions, SQL, file names and ledger rows in migrate, --dry-run, --status, lint and repair', () => {
      mkdirSync(join(dir, name), { recursive: true });
      // A carriage return ends a directive and a SQL line (read as a newline), so these carry the rest.
      const hostile = HOSTILE.replace('\r', '');
      const up = (note: string) =>
        `-- infer: description=Evil ${hostile} tags\n-- ${note} ${hostile}\nCREATE TABLE evil_tags (x TEXT);\n`;
      writeFileSync(join(dir, name, '004_evil.up.sql'), up('first'));
      writeFileSync(join(dir, name, '004_evil.down.sql'), 'DROP TABLE evil_tags;\n');
      writeFileSync(join(dir, name, `notes${HOSTILE}.sql`), '');
      const description = `Evil ${SHOWN_IN_LIST} tags`;

      const plan = shown('--dry-run');
      expect(plan.stdout).toContain(
        `-- 004 up: ${description} (in a transaction)\n   -- infer: description=${description}\n` +
          `   -- first ${SHOWN_IN_LIST}\n   CREATE`,
      );
      expect(plan.stderr).toContain(`notes${SHOWN}.sql is not named like a migration`);
      expect(shown().stdout).toContain(`Applied 004: ${description}`);
      expect(shown('--status').stdout).toContain(`Version 004: ${description} (Applied)`);
      expect(shown('lint').stdout).toContain(
        `warning - [file-name] ${join(dir, name, `notes${SHOWN}.sql`)} is not named like a migration`,
      );

      writeFileSync(join(dir, name, '004_evil.up.sql'), up('second'));
      expect(shown('repair').stdout).toContain(`Accepted 004: ${description} (changed)`);

      ledgerWriters[name]!(store, `From the ledger ${HOSTILE}`);
      expect(shown('--status').stdout).toContain(
        `Version 900: From the ledger ${SHOWN} (Applied, unknown to this version of infer)`,
      );
    });
  },
);
