// The PostgreSQL floor: one pg.Client, the backend's statements (pg-queries.js): save is BEGIN,
// upsert, delete the entries, insert them in one statement, COMMIT; load and list one query each.
import pg from 'pg';
import { POSTGRES } from '../../lib/services.js';
import * as sql from './pg-queries.js';

const summary = ({ optimized_messages: _, ...rest }) => rest;

export async function openStore({ database }) {
  const client = new pg.Client({ ...POSTGRES, database });
  await client.connect();
  return {
    async save({ metadata, entries }) {
      await client.query('BEGIN');
      try {
        await client.query(sql.UPSERT_CONVERSATION, [...sql.columnValues(metadata), entries.length]);
        await client.query(sql.DELETE_ENTRIES, [metadata.id]);
        await client.query(sql.INSERT_ENTRIES, [
          metadata.id,
          JSON.stringify(entries),
          sql.entryTimes(entries, metadata.updated_at),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async load(id) {
      const [row] = (await client.query(sql.LOAD_CONVERSATION, [id])).rows;
      const metadata = row.metadata;
      if (row.optimized_messages !== null) metadata.optimized_messages = row.optimized_messages;
      return { metadata, entries: row.entries };
    },
    list: async () => (await client.query(sql.LIST_CONVERSATIONS, [50, 0])).rows.map((row) => summary(row.metadata)),
    close: () => client.end(),
  };
}
