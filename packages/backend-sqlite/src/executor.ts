import type { SqlExecutor } from '@infer/core';
import type Database from 'better-sqlite3';

/** Statements kept prepared per connection; a data migration reuses a handful of texts millions of times. */
const CACHE_LIMIT = 100;

/** The engine's {@link SqlExecutor} over a better-sqlite3 connection, statements prepared once per text. */
export function sqliteExecutor(db: Database.Database): SqlExecutor {
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    async exec(sql) {
      db.exec(sql);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return prepared(sql).all(...params) as Row[];
    },
    async run(sql, params = []) {
      return prepared(sql).run(...params).changes;
    },
    async runBatch(sql, paramsList) {
      const statement = prepared(sql);
      let changed = 0;
      for (const params of paramsList) changed += statement.run(...params).changes;
      return changed;
    },
  };
}
