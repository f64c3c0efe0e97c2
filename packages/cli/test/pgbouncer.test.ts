import { join } from 'node:path';
import { PostgresBackend } from '@infer/backend-postgres';
import { type Sandbox, expectOneLineError, infer, inferQuietly, sandbox, writeConfig } from '@infer/test-servers/cli';
import { seedConversations } from '@infer/test-servers/conversations';
import { SERVER, ThrowawayPgBouncer, createDatabase, dropDatabases } from '@infer/test-servers/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store, dump, runs, seed, sqliteStore } from './stores.js';

// PostgreSQL behind one PgBouncer in transaction pooling, and the same database reached directly.
let pgbouncer: ThrowawayPgBouncer | undefined;
beforeAll(async () => {
  if (runs('postgres')) pgbouncer = await ThrowawayPgBouncer.start({ server: SERVER, poolMode: 'transaction' });
});
afterAll(async () => {
  await pgbouncer?.stop();
  await dropDatabases();
});

/** A config file pointing at `database` on `port` (the server's, or PgBouncer's in front of it). */
function postgresAt(sb: Sandbox, name: string, database: string, port: number, lockMode?: string): Store {
  const settings = { host: SERVER.host, port, username: SERVER.user, database, ssl_mode: 'disable' as const };
  const yaml = `storage:\n  type: postgres\n  postgres:\n${Object.entries({ ...settings, lock_mode: lockMode })
    .flatMap(([key, value]) => (value === undefined ? [] : [`    ${key}: ${value}\n`]))
    .join('')}`;
  return {
    name,
    config: writeConfig(sb, yaml, join(sb.root, `${name}.yaml`)),
    open: () => PostgresBackend.open({ config: settings }),
  };
}

describe.runIf(runs('postgres') && runs('sqlite'))(
  'the CLI on PostgreSQL behind PgBouncer (transaction pooling)',
  () => {
    const sb = sandbox();
    const conversations = seedConversations(6);
    const expected = Object.fromEntries(conversations.map((c) => [c.metadata.id, c]));
    let direct: Store;
    let pooled: Store;
    const cli = (store: Store, ...args: string[]) => infer(sb, [...args, '--config', store.config]);

    it('migrates, then copies every conversation into it and out of it again, unchanged', async () => {
      const database = await createDatabase();
      direct = postgresAt(sb, 'direct', database, SERVER.port);
      pooled = postgresAt(sb, 'pgbouncer', database, pgbouncer!.port);
      expect(inferQuietly(sb, ['migrate', '--config', pooled.config]).stdout).toMatch(/Applied 003: /);
      expect(cli(pooled, 'migrate', '--status').stdout).toBe(cli(direct, 'migrate', '--status').stdout);

      const source = sqliteStore(sb, 'source');
      await seed(source, conversations);
      const into = inferQuietly(sb, ['storage', 'copy', '--config', source.config, '--to', pooled.config, '--json']);
      expect(JSON.parse(into.stdout)).toMatchObject({ copied: 8, verified: true });
      expect(await dump(direct)).toEqual(expected);
      const target = sqliteStore(sb, 'target');
      const out = inferQuietly(sb, ['storage', 'copy', '--config', pooled.config, '--to', target.config, '--json']);
      expect(JSON.parse(out.stdout)).toMatchObject({ copied: 8, verified: true });
      expect(await dump(target)).toEqual(expected);
    });

    it('lists, shows, exports and deletes conversations as on a direct connection', async () => {
      for (const args of [
        ['conversations', 'list'],
        ['conversations', 'list', '--json', '--limit', '3', '--offset', '2'],
        ['conversations', 'show', 'parts'],
        ['conversations', 'show', 'full', '--json'],
        ['conversations', 'export', 'full', '--format', 'markdown'],
        ['conversations', 'export', 'parts', '--format', 'json'],
      ]) {
        const [through, straight] = [cli(pooled, ...args), cli(direct, ...args)];
        expect([through.code, through.stderr], args.join(' ')).toEqual([0, '']);
        expect(through.stdout, args.join(' ')).toBe(straight.stdout);
      }
      expectOneLineError(cli(pooled, 'conversations', 'show', 'no-such-id'), 6, /no-such-id/);
      const deleted = cli(pooled, 'conversations', 'delete', 'plain-000', '--yes', '--json');
      expect(JSON.parse(deleted.stdout)).toEqual({ id: 'plain-000', deleted: true });
      expect(cli(direct, 'conversations', 'show', 'plain-000').code).toBe(6);
    });

    it('refuses lock_mode session with one line naming lock_mode: transaction (exit 3), changing nothing', async () => {
      const database = await createDatabase();
      const session = postgresAt(sb, 'session', database, pgbouncer!.port, 'session');
      expectOneLineError(
        cli(session, 'migrate'),
        3,
        new RegExp(
          /shares server connections between clients .*lock_mode "session" cannot hold the migration lock\. /.source +
            /Fix: set storage\.postgres\.lock_mode: transaction/.source,
        ),
      );
      expect(cli(postgresAt(sb, 'fresh', database, SERVER.port), 'migrate', '--status', '--exit-code').code).toBe(7);
    });
  },
);
