import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SERVER,
  createDatabase,
  dropDatabases,
  dumpDatabase,
  openClient,
  postgresEnabled,
} from '@infer/test-servers/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { type Sandbox, expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';

/** A new database migrated by `infer migrate`, and `files` as the application's migrations to come. */
async function migratedProject(
  files: Record<string, string>,
): Promise<{ sb: Sandbox; database: string; env: NodeJS.ProcessEnv }> {
  const database = await createDatabase();
  const sb = sandbox();
  const dir = join(sb.root, 'migrations');
  mkdirSync(join(dir, 'postgres'), { recursive: true });
  const env = {
    INFER_STORAGE_TYPE: 'postgres',
    INFER_STORAGE_POSTGRES_HOST: SERVER.host,
    INFER_STORAGE_POSTGRES_PORT: String(SERVER.port),
    INFER_STORAGE_POSTGRES_USERNAME: SERVER.user,
    INFER_STORAGE_POSTGRES_DATABASE: database,
    INFER_STORAGE_POSTGRES_SSL_MODE: 'disable',
    INFER_STORAGE_MIGRATIONS_DIR: dir,
  };
  expect(infer(sb, ['migrate'], { env }).code).toBe(0);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'postgres', name), text);
  return { sb, database, env };
}

describe.runIf(postgresEnabled)('infer migrate on a busy PostgreSQL database', () => {
  afterAll(dropDatabases);

  it('exits 10 naming the session holding the table in one line after the last retry; nothing applied', async () => {
    const { sb, database, env } = await migratedProject({
      '004_add_reviewed.up.sql': 'ALTER TABLE conversations ADD COLUMN reviewed BOOLEAN;\n',
    });
    const before = await dumpDatabase(database);
    const holder = await openClient(database, { application_name: 'nightly-report' });
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id, title FROM conversations ORDER BY updated_at');
      const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const result = infer(sb, ['migrate'], {
        env: {
          ...env,
          INFER_STORAGE_POSTGRES_MIGRATION_LOCK_TIMEOUT: '0.2',
          INFER_STORAGE_POSTGRES_MIGRATION_LOCK_RETRIES: '1',
        },
      });
      // Each retry is announced on stderr; then the error, on one line of its own.
      const [retried, ...rest] = result.stderr.trim().split('\n');
      expect(retried).toMatch(
        new RegExp(
          /^Warning: migration 004 \(add reviewed\) could not get a lock within 0\.2 s \(migration_lock_timeout\) /
            .source + /\(attempt 1 of 2\); rolled back, trying again from its start in \d+\.\d s$/.source,
        ),
      );
      expectOneLineError(
        { ...result, stderr: rest.join('\n') },
        10,
        new RegExp(
          /^Error: migration 004 \(add reviewed\) could not get a lock in PostgreSQL at 127\.0\.0\.1:\d+, /.source +
            `database "${database}" within 0\\.2 s, on each of 2 attempts: blocked by pid ${pid} ` +
            /\(application "nightly-report", .*idle in transaction, in a transaction for \d+ s, /.source +
            /query "SELECT pg_backend_pid\(\) AS pid"\); nothing of it was applied\. /.source +
            `Fix: end that session with SELECT pg_terminate_backend\\(${pid}\\), or wait until it finishes`,
        ),
        /raise storage\.postgres\.migration_lock_timeout or migration_lock_retries$/,
      );
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    expect(await dumpDatabase(database)).toEqual(before);
  });

  it('cancels a migration past its statement_timeout header with one line (exit 5), rolling it back', async () => {
    const { sb, database, env } = await migratedProject({
      '004_slow.up.sql': '-- infer: statement_timeout=0.5\nCREATE TABLE early (id INT);\nSELECT pg_sleep(5);\n',
    });
    const before = await dumpDatabase(database);
    const started = performance.now();
    expectOneLineError(
      infer(sb, ['migrate'], { env }),
      5,
      /^Error: migration 004 \(slow\) failed: canceling statement due to statement timeout\. /,
      /Fix: the migration was rolled back/,
    );
    expect((performance.now() - started) / 1000).toBeLessThan(4.5);
    expect(await dumpDatabase(database)).toEqual(before);
  });
});
