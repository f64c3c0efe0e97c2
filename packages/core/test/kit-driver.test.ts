import { describe, expect, it } from 'vitest';
import { ConnectionError, Migrator, type SqlExecutor } from '../src/index.js';
import {
  ConnectionPool,
  type PoolDriver,
  PooledMigrationDriver,
  ScriptError,
  SqlMigrationDriver,
  ledgerDialect,
  statementByStatement,
} from '../src/kit/index.js';

/** A fake database: one list of statements per connection, a ledger table kept in memory. */
class FakeDatabase {
  readonly log: string[] = [];
  readonly ledger = new Map<string, unknown[]>();
  ledgerExists = false;
  failOn: RegExp | undefined;

  executor(name: string): SqlExecutor {
    const answer = async (sql: string, params: readonly unknown[] = []): Promise<unknown[]> => {
      this.log.push(`${name}: ${sql}`);
      if (this.failOn?.test(sql)) throw Object.assign(new Error(`failed: ${sql}`), { code: 'ER_FAKE' });
      if (sql.includes('has_table')) return [{ has_table: this.ledgerExists ? 1 : 0, has_checksum: 1 }];
      if (sql.startsWith('CREATE TABLE IF NOT EXISTS schema_migrations')) this.ledgerExists = true;
      if (sql.startsWith('INSERT INTO schema_migrations')) this.ledger.set(String(params[0]), [...params]);
      if (sql.startsWith('SELECT * FROM schema_migrations')) {
        if (!this.ledgerExists) throw Object.assign(new Error('no table'), { code: 'ER_NO_SUCH_TABLE' });
        return [...this.ledger.values()].map(([version, description, applied_at, checksum]) => ({
          version,
          description,
          applied_at,
          checksum,
        }));
      }
      if (sql.startsWith('SELECT 1 FROM schema_migrations')) return this.ledger.has(String(params[0])) ? [1] : [];
      return [];
    };
    return {
      exec: async (sql) => void (await answer(sql)),
      query: async <Row>(sql: string, params?: readonly unknown[]) => (await answer(sql, params)) as Row[],
      run: async (sql, params) => (await answer(sql, params)).length,
    };
  }
}

interface FakeClient {
  readonly name: string;
  released?: 'released' | 'destroyed';
}

function fakePool(
  db: FakeDatabase,
  describe: (error: unknown) => unknown = (error) => error,
  extra: Partial<PoolDriver<'pool', FakeClient>> = {},
) {
  let clients = 0;
  const driver: PoolDriver<'pool', FakeClient> = {
    name: 'Fake database "x"',
    begin: 'START TRANSACTION',
    createPool: async () => 'pool',
    acquire: async () => ({ name: `c${++clients}` }),
    release: (client, broken) => {
      client.released = broken ? 'destroyed' : 'released';
    },
    endPool: async () => void db.log.push('pool: end'),
    executor: (queryable) => db.executor(typeof queryable === 'string' ? queryable : queryable.name),
    describe,
    ...extra,
  };
  return new ConnectionPool(driver);
}

class FakeDriver extends PooledMigrationDriver<'pool', FakeClient> {
  locked: FakeClient | undefined;
  constructor(pool: ConnectionPool<'pool', FakeClient>, readOnly = false) {
    super(pool, {
      displayName: 'Fake',
      ledger: ledgerDialect('mysql'),
      transactionalDdl: false,
      readOnly,
      ownsPool: true,
    });
  }
  protected async lock(executor: SqlExecutor, client: FakeClient): Promise<void> {
    await executor.query('SELECT GET_LOCK(?, 1)', ['fake']);
    this.locked = client;
  }
  protected async unlock(executor: SqlExecutor): Promise<void> {
    await executor.query('SELECT RELEASE_LOCK(?)', ['fake']);
  }
  async scratch<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    return work(this.pool);
  }
}

describe('ConnectionPool', () => {
  it('runs a transaction on a connection of its own, commits, and gives the connection back', async () => {
    const db = new FakeDatabase();
    const pool = fakePool(db);
    expect(await pool.transaction(async (executor) => executor.run('UPDATE t SET a = 1'))).toBe(0);
    expect(db.log).toEqual(['c1: START TRANSACTION', 'c1: UPDATE t SET a = 1', 'c1: COMMIT']);
  });

  it('rolls back and rethrows, described; a connection that cannot roll back is destroyed', async () => {
    const db = new FakeDatabase();
    const described = new ConnectionError('described');
    const pool = fakePool(db, () => described);
    db.failOn = /UPDATE|ROLLBACK/;
    let client: FakeClient | undefined;
    const error = await pool
      .transaction(async (executor, c) => {
        client = c;
        await executor.run('UPDATE t SET a = 1');
      })
      .catch((e: unknown) => e);
    expect(error).toBe(described);
    expect(client?.released).toBe('destroyed');
    expect(db.log.at(-1)).toBe('c1: ROLLBACK');
  });

  it('closes a connection of its own that the error abandons, without ROLLBACK; rolls back a held one', async () => {
    const db = new FakeDatabase();
    const pool = fakePool(db, undefined, { abandons: (error) => /UPDATE/.test(String(error)) });
    db.failOn = /UPDATE/;
    let client: FakeClient | undefined;
    const update = async (executor: SqlExecutor, c: FakeClient) => {
      client = c;
      await executor.run('UPDATE t SET a = 1');
    };
    await expect(pool.transaction(update)).rejects.toThrow('failed: UPDATE');
    expect(client?.released).toBe('destroyed');
    expect(db.log).toEqual(['c1: START TRANSACTION', 'c1: UPDATE t SET a = 1']);
    const held = { name: 'held' };
    await expect(pool.transaction(update, held)).rejects.toThrow('failed: UPDATE');
    expect(db.log.at(-1)).toBe('held: ROLLBACK');
    expect(held).toEqual({ name: 'held' });
  });

  it('fails after end() with one line naming what it reached', async () => {
    const db = new FakeDatabase();
    const pool = fakePool(db);
    await pool.query('SELECT 1');
    await pool.end();
    await pool.end();
    expect(db.log).toEqual(['pool: SELECT 1', 'pool: end']);
    await expect(pool.query('SELECT 1')).rejects.toThrow('the connection to Fake database "x" is closed');
  });
});

describe('PooledMigrationDriver', () => {
  it('runs a migration run on the connection holding the lock, and gives both back', async () => {
    const db = new FakeDatabase();
    const driver = new FakeDriver(fakePool(db));
    const results = await new Migrator({
      driver,
      migrations: [{ version: '001', description: 'One', up: 'CREATE TABLE one (id INT)' }],
    }).up();
    expect(results.map((r) => r.outcome)).toEqual(['applied']);
    expect(driver.locked?.released).toBe('released');
    const onLock = db.log.filter((line) => line.startsWith('c1: '));
    expect(onLock[0]).toBe('c1: SELECT GET_LOCK(?, 1)');
    expect(onLock).toContain('c1: CREATE TABLE one (id INT)');
    expect(onLock.at(-1)).toBe('c1: SELECT RELEASE_LOCK(?)');
    expect(db.ledger.get('001')?.slice(0, 2)).toEqual(['001', 'One']);
    await driver.close();
    expect(db.log.at(-1)).toBe('pool: end');
  });

  it('reads a missing ledger as empty; read-only, it refuses to lock, create or migrate', async () => {
    const db = new FakeDatabase();
    const driver = new FakeDriver(fakePool(db), true);
    expect(await driver.readLedger()).toEqual([]);
    await expect(driver.acquireLock()).rejects.toThrow(
      'this Fake migration driver is read-only (status): it cannot lock, create or migrate',
    );
    await expect(driver.ensureLedger()).rejects.toThrow(/read-only/);
    await expect(driver.transaction(async () => 1)).rejects.toThrow(/read-only/);
  });

  it('answers placeholders, quoting, tableExists; a driver with transactional DDL prepares the ledger in a run', () => {
    const driver = new FakeDriver(fakePool(new FakeDatabase()));
    expect([driver.placeholder(2), driver.quoteIdentifier('a`b'), driver.displayName, driver.sqlDialect]).toEqual([
      '?',
      '`a``b`',
      'Fake',
      'mysql',
    ]);
    expect(driver.ensureLedgerIn).toBeUndefined();
    class Transactional extends SqlMigrationDriver {
      constructor() {
        super({ displayName: 'T', ledger: ledgerDialect('postgres') });
      }
      protected session = () => new FakeDatabase().executor('t');
      protected inTransaction = <T>(work: (executor: SqlExecutor) => Promise<T>) => work(this.session());
      scratch = <T>(work: (executor: SqlExecutor) => Promise<T>) => work(this.session());
    }
    const transactional = new Transactional();
    expect(typeof transactional.ensureLedgerIn).toBe('function');
    expect([transactional.placeholder(2), transactional.quoteIdentifier('a"b')]).toEqual(['$2', '"a""b"']);
  });
});

describe('statementByStatement', () => {
  it('names the failing statement, its line, and the statements MySQL committed before it', async () => {
    const db = new FakeDatabase();
    db.failOn = /missing/;
    const executor = statementByStatement(db.executor('c'), { sqlDialect: 'mysql', engine: 'MariaDB' });
    const error = (await executor
      .exec('CREATE TABLE a (id INT);\nINSERT INTO a VALUES (1);\nINSERT INTO missing VALUES (1);')
      .catch((e: unknown) => e)) as ScriptError;
    expect(error).toBeInstanceOf(ScriptError);
    expect(error.message).toBe(
      'statement 3 of 3 (line 3): failed: INSERT INTO missing VALUES (1); statement 1 stays applied, since MariaDB ' +
        'commits DDL (CREATE, ALTER, DROP, RENAME, TRUNCATE) at once and cannot roll it back',
    );
    expect(error.statementsCommitted).toBe(1);
    await expect(executor.exec('INSERT INTO missing VALUES (1)')).rejects.toMatchObject({ code: 'ER_FAKE' });
  });
});
