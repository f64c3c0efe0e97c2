import { writeFileSync } from 'node:fs';
import { MemoryBackend } from '@infer/backend-memory';
import { type Conversation, ErrorCode, type StorageBackend, isInferError } from '@infer/core';
import { conversation } from '@infer/core/testing';
import { describe, expect, it } from 'vitest';
import { copyConversations } from '../src/conversations/copy.js';
import { expectDocument } from './documents.js';
import { type RunResult, expectOneLineError, infer, sandbox } from '@infer/test-servers/cli';
import { Database } from '@infer/test-servers/sqlite';
import { seedConversations } from '@infer/test-servers/conversations';
import { type Store, dump, postgresStore, redisStore, runs, seed, sqliteStore, using } from './stores.js';

/** Every row of every table of a SQLite file: what "never changes the source" is checked against. */
function sqliteRows(path: string): unknown {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare('SELECT name, sql FROM sqlite_master ORDER BY name').all() as {
      name: string;
      sql: string | null;
    }[];
    return tables.map((t) => ({
      ...t,
      rows: t.sql?.startsWith('CREATE TABLE') ? db.prepare(`SELECT * FROM "${t.name}" ORDER BY 1`).all() : [],
    }));
  } finally {
    db.close();
  }
}

function copy(sb: ReturnType<typeof sandbox>, from: Store, to: Store, ...args: string[]): RunResult {
  return infer(sb, ['storage', 'copy', '--config', from.config, '--to', to.config, '--page-size', '7', ...args]);
}

const PLAIN = 23; // with the two full fixtures: 25 conversations, four pages of 7

describe.runIf(runs('sqlite'))('infer storage copy between SQLite files', () => {
  it('copies all page by page, resumes, leaves newer target copies alone, never changes the source', async () => {
    const sb = sandbox();
    const [source, target] = [sqliteStore(sb, 'source'), sqliteStore(sb, 'target')];
    const conversations = seedConversations(PLAIN);
    await seed(source, conversations);
    const before = sqliteRows(`${sb.root}/source.db`);

    const first = copy(sb, source, target);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(
        /^Copied 25 conversations from sqlite \(path=.*source\.db\) to sqlite \(path=.*target\.db\); /.source +
          /skipped 0 already there\.\n/.source,
      ),
    );
    expect(first.stdout).toContain('Verified: all 25 source conversations are in the target, which now has 25.');
    // Progress: plain lines on stderr (not a terminal), ending at the total.
    expect(first.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^ {2}copy: 25\/25 conversations \(100%\), \d+ conversations\/s$/,
    );
    expect(await dump(target)).toEqual(Object.fromEntries(conversations.map((c) => [c.metadata.id, c])));

    // Interrupted copy: some never arrived, one arrived in an older version, one is newer in the target.
    await using(target, async (backend) => {
      for (const id of ['plain-000', 'plain-010', 'full']) await backend.delete(id);
      await backend.save(older(conversations[1]!));
      await backend.save(newer(conversations[3]!));
    });
    const again = copy(sb, source, target, '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(expectDocument(again.stdout, 'copyReport')).toMatchObject({
      sourceConversations: 25,
      targetConversations: 25,
      copied: 4,
      skipped: 20,
      newerInTarget: ['plain-001'],
      verified: true,
    });
    const copied = await dump(target);
    expect(copied['plain-001']).toEqual(newer(conversations[3]!));
    expect({ ...copied, 'plain-001': conversations[3] }).toEqual(
      Object.fromEntries(conversations.map((c) => [c.metadata.id, c])),
    );
    expect(sqliteRows(`${sb.root}/source.db`)).toEqual(before);
  });

  it('words its report for one conversation and for none', async () => {
    const sb = sandbox();
    const [source, target] = [sqliteStore(sb, 'one'), sqliteStore(sb, 'one-target')];
    await seed(source, [conversation('only')]);
    const first = copy(sb, source, target);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Copied 1 conversation from .*; skipped 0 already there\.\n/);
    expect(first.stdout).toContain('Verified: the source conversation is in the target, which now has 1.');
    await using(target, (backend) => backend.save(newer(conversation('only'))));
    expect(copy(sb, source, target).stdout).toContain('Left 1 conversation newer in the target as it was: only.');

    await using(source, (backend) => backend.delete('only'));
    const empty = copy(sb, source, target);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('Verified: the source has no conversations; the target has 1 conversation.');
  });

  it('refuses to copy a store onto itself, and a source with pending migrations', async () => {
    const sb = sandbox();
    const source = sqliteStore(sb, 'self');
    await seed(source, seedConversations(1));
    const alias = { ...source, config: `${sb.root}/alias.yaml` };
    writeFileSync(
      alias.config,
      `storage:\n  type: sqlite\n  sqlite:\n    path: ${sb.root}/../${sb.root.split('/').at(-1)}/self.db\n`,
    );
    expectOneLineError(
      copy(sb, source, alias),
      3,
      /the source and the target are the same store: sqlite \(path=.*self\.db\)\. Fix: pass --to/,
    );

    const old = sqliteStore(sb, 'old');
    const db = new Database(`${sb.root}/old.db`);
    db.exec(
      'CREATE TABLE schema_migrations (version VARCHAR(255) PRIMARY KEY, description TEXT NOT NULL, applied_at ' +
        'DATETIME NOT NULL)',
    );
    db.close();
    const before = sqliteRows(`${sb.root}/old.db`);
    expectOneLineError(
      copy(sb, old, sqliteStore(sb, 'new')),
      3,
      new RegExp(
        /the source sqlite \(path=.*old\.db\) has pending migrations \(001, 002, 003\), and a copy never /.source +
          /changes its source\. Fix: run "infer migrate"/.source,
      ),
    );
    expect(sqliteRows(`${sb.root}/old.db`)).toEqual(before);
  });
});

describe.runIf(runs('sqlite') && runs('postgres') && runs('redis'))(
  'infer storage copy SQLite → PostgreSQL → Redis',
  () => {
    it('keeps every field of every conversation, resumes, and never changes the source', async () => {
      const sb = sandbox();
      const [sqlite, postgres, redis] = [sqliteStore(sb), postgresStore(sb), redisStore(sb)];
      const conversations = seedConversations(PLAIN);
      await seed(sqlite, conversations);
      const expected = Object.fromEntries(conversations.map((c) => [c.metadata.id, c]));
      const sqliteBefore = sqliteRows(`${sb.root}/sqlite.db`);

      const toPostgres = copy(sb, sqlite, postgres);
      expect(toPostgres.code, toPostgres.stderr).toBe(0);
      expect(toPostgres.stdout).toMatch(
        new RegExp(
          /^Copied 25 conversations from sqlite \(path=.*\) to postgres \(database=infer_cli_conv_\w+, /.source +
            /host=127\.0\.0\.1, port=5432\); skipped 0/.source,
        ),
      );
      expect(await dump(postgres)).toEqual(expected);

      await using(postgres, async (backend) => {
        for (const id of ['plain-004', 'plain-005', 'parts']) await backend.delete(id);
      });
      const resumed = copy(sb, sqlite, postgres, '--json');
      expect(expectDocument(resumed.stdout, 'copyReport')).toMatchObject({
        copied: 3,
        skipped: 22,
        newerInTarget: [],
        targetConversations: 25,
      });
      expect(await dump(postgres)).toEqual(expected);

      const postgresBefore = await dump(postgres);
      const toRedis = copy(sb, postgres, redis, '--json');
      expect(toRedis.code, toRedis.stderr).toBe(0);
      expect(expectDocument(toRedis.stdout, 'copyReport')).toMatchObject({ copied: 25, skipped: 0, verified: true });
      expect(await dump(redis)).toEqual(expected);
      expect(await dump(postgres)).toEqual(postgresBefore);
      expect(sqliteRows(`${sb.root}/sqlite.db`)).toEqual(sqliteBefore);
      expect(copy(sb, postgres, redis).stdout).toMatch(/^Copied 0 conversations .*; skipped 25 already there\./);
    });
  },
);

describe('the copy loop', () => {
  it('fails with E_COPY_INCOMPLETE, naming the ids, when the target does not keep what it was given', async () => {
    const source = await MemoryBackend.open();
    for (const id of ['a', 'b', 'c']) await source.save(conversation(id));
    const target = await MemoryBackend.open();
    const forgetful: StorageBackend = Object.assign(Object.create(target) as StorageBackend, {
      save: async (c: Conversation) => (c.metadata.id === 'b' ? undefined : target.save(c)),
      list: target.list.bind(target),
    });
    const error = await copyConversations(source, forgetful, { pageSize: 2 }).catch((e: unknown) => e);
    expect(isInferError(error, ErrorCode.CopyIncomplete)).toBe(true);
    expect((error as Error).message).toBe(
      'the copy is incomplete: 1 of 3 source conversations is not in the target (b); the target has 2',
    );
  });
});

const older = (c: Conversation): Conversation => ({
  ...c,
  metadata: { ...c.metadata, title: 'old', updated_at: '2020-01-01T00:00:00Z' },
});
const newer = (c: Conversation): Conversation => ({
  ...c,
  metadata: { ...c.metadata, title: 'edited in the target', updated_at: '2030-01-01T00:00:00Z' },
});
