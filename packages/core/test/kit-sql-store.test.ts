import { describe, expect, it } from 'vitest';
import { ErrorCode, type Migrator, type SqlExecutor, isInferError } from '../src/index.js';
import {
  type SqlDatabase,
  SqlConversationBackend,
  conversationStatements,
  mysqlLockName,
  mysqlScratch,
  utcDatetime,
} from '../src/kit/index.js';

/** A database that records statements and answers SELECTs with `rows`. */
function fakeDatabase(rows: Record<string, unknown[]> = {}) {
  const log: [string, unknown[]?][] = [];
  let ended = 0;
  const answer = async (sql: string, params?: readonly unknown[]) => {
    log.push(params === undefined ? [sql] : [sql, [...params]]);
    return Object.entries(rows).find(([start]) => sql.startsWith(start))?.[1] ?? [];
  };
  const executor: SqlExecutor = {
    exec: async (sql) => void (await answer(sql)),
    query: async <Row>(sql: string, params?: readonly unknown[]) => (await answer(sql, params)) as Row[],
    run: async (sql, params) => (await answer(sql, params)).length,
  };
  const database: SqlDatabase = {
    ...executor,
    transaction: async (work) => {
      log.push(['BEGIN']);
      const result = await work(executor);
      log.push(['COMMIT']);
      return result;
    },
    end: async () => void ended++,
  };
  return { database, log, ended: () => ended };
}

class Store extends SqlConversationBackend {
  readonly type = 'store';
  constructor(database: SqlDatabase) {
    super({ database, family: 'mysql', capabilities: { transactionalDdl: false } });
  }
  migrator(): Migrator {
    throw new Error('not used here');
  }
}

const metadata = {
  id: 'c1',
  title: 'T',
  created_at: '2025-12-19T20:00:00+02:00',
  updated_at: '2025-12-19T21:00:00+02:00',
};

describe('the shared SQL schema of conversations', () => {
  it("writes each family's upsert and placeholders", () => {
    const mysql = conversationStatements('mysql');
    expect(mysql.upsert).toMatch(/^INSERT INTO conversations \(id, title, created_at, .*, metadata, message_count\) /);
    expect(mysql.upsert).toMatch(/VALUES \((\?, ){14}\?\) ON DUPLICATE KEY UPDATE title = VALUES\(title\), /);
    expect(mysql.updateMetadata).toMatch(/^UPDATE conversations SET title = \?, .* metadata = \? WHERE id = \?$/);
    expect(mysql.insertEntries(2)).toBe(
      'INSERT INTO conversation_entries (conversation_id, entry_data, sequence_number, created_at) VALUES ' +
        '(?, ?, ?, ?), (?, ?, ?, ?)',
    );
    const postgres = conversationStatements('postgres');
    expect(postgres.upsert).toMatch(
      /VALUES \(\$1, .*, \$15\) ON CONFLICT \(id\) DO UPDATE SET title = excluded\.title, /,
    );
    expect(postgres.updateMetadata).toMatch(/SET title = \$1, .* metadata = \$13 WHERE id = \$14$/);
    expect(postgres.insertEntries(2)).toMatch(/VALUES \(\$1, \$2, \$3, \$4\), \(\$5, \$6, \$7, \$8\)$/);
    expect(postgres.list).toBe('SELECT metadata FROM conversations ORDER BY updated_at DESC, id LIMIT $1 OFFSET $2');
  });

  it('saves in one transaction: the row in UTC, the entries in batches of 200, numbered from 0', async () => {
    const { database, log } = fakeDatabase();
    const entries = Array.from({ length: 450 }, (_, i) => ({ n: i, time: '2025-12-19T20:00:00+02:00' }));
    await new Store(database).save({ metadata, entries } as never);
    expect(log.map(([sql]) => sql.split(' (')[0]!.split(' WHERE')[0])).toEqual([
      'BEGIN',
      'INSERT INTO conversations',
      'DELETE FROM conversation_entries',
      'INSERT INTO conversation_entries',
      'INSERT INTO conversation_entries',
      'INSERT INTO conversation_entries',
      'COMMIT',
    ]);
    const row = log[1]![1]!;
    expect(row.slice(0, 4)).toEqual(['c1', 'T', '2025-12-19 18:00:00.000', '2025-12-19 19:00:00.000']);
    expect(row.at(-1)).toBe(450);
    expect(log[3]![1]!.slice(0, 4)).toEqual([
      'c1',
      '{"n":0,"time":"2025-12-19T20:00:00+02:00"}',
      0,
      '2025-12-19 18:00:00.000',
    ]);
    expect(log.slice(3, 6).map(([, params]) => params!.length)).toEqual([800, 800, 200]);
  });

  it('loads the document and its entries, parsed from text or as the driver gave them', async () => {
    const stored = { metadata: JSON.stringify(metadata), optimized_messages: [{ role: 'user' }] };
    const { database } = fakeDatabase({
      'SELECT metadata, optimized_messages': [stored],
      'SELECT entry_data': [{ entry_data: '{"a":1}' }, { entry_data: { b: 2 } }],
      'SELECT metadata FROM': [{ metadata }],
    });
    const store = new Store(database);
    expect(await store.load('c1')).toEqual({
      metadata: { ...metadata, optimized_messages: [{ role: 'user' }] },
      entries: [{ a: 1 }, { b: 2 }],
    });
    expect((await store.list({ limit: 5 })).map((s) => s.id)).toEqual(['c1']);
    expect((await store.listNeedingTitles(3)).map((s) => s.id)).toEqual(['c1']);
  });

  it('says NotFound for a missing conversation, and closes its database once', async () => {
    const { database, ended } = fakeDatabase();
    const store = new Store(database);
    for (const attempt of [store.load('x'), store.delete('x'), store.updateMetadata('x', metadata as never)]) {
      expect(isInferError(await attempt.catch((e: unknown) => e), ErrorCode.NotFound)).toBe(true);
    }
    await store.health();
    await store.close();
    await store.close();
    expect(ended()).toBe(1);
    expect(store.capabilities).toMatchObject({ transactionalDdl: false, migrations: true });
    await expect(store.list()).rejects.toMatchObject({ code: 'E_CLOSED' });
  });
});

describe('MySQL facts', () => {
  it('writes times as UTC DATETIME text and refuses what is not a timestamp', () => {
    expect(utcDatetime('2025-12-19T18:25:00.5+02:00')).toBe('2025-12-19 16:25:00.500');
    expect(utcDatetime(new Date(0))).toBe('1970-01-01 00:00:00.000');
    expect(() => utcDatetime('yesterday')).toThrow(RangeError);
  });

  it('names the lock after the database, within GET_LOCK’s 64 characters', () => {
    expect(mysqlLockName('infer')).toBe('infer_migrations:infer');
    const long = mysqlLockName('d'.repeat(60));
    expect(long).toMatch(/^infer_migrations:[0-9a-f]{40}$/);
    expect(mysqlLockName('d'.repeat(60))).toBe(long);
  });

  it('lints in a throwaway database, dropped and disconnected even when the work fails', async () => {
    const { database, log, ended } = fakeDatabase();
    const connection = { ...database };
    const failure = new Error('parse error');
    await expect(mysqlScratch(connection, () => Promise.reject(failure))).rejects.toBe(failure);
    const statements = log.map(([sql]) => sql);
    expect(statements[0]).toMatch(/^CREATE DATABASE infer_lint_\d+_\d+ CHARACTER SET utf8mb4 COLLATE utf8mb4_bin$/);
    expect(statements.slice(1)).toEqual([
      statements[0]!.replace(/^CREATE DATABASE (\S+) .*/, 'USE $1'),
      statements[0]!.replace(/^CREATE DATABASE (\S+) .*/, 'DROP DATABASE IF EXISTS $1'),
    ]);
    expect(ended()).toBe(1);
  });
});
