import type { SqlExecutor } from '@infer/core';
import type { PgQueryable } from './pg-types.js';

/** The engine's executor over one connection; a failing statement inside a transaction aborts it, as it should. */
export function executorOf(client: PgQueryable): SqlExecutor {
  return {
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await client.query<Row>(sql, [...params])).rows;
    },
    async run(sql, params = []) {
      return (await client.query(sql, [...params])).rowCount ?? 0;
    },
  };
}
