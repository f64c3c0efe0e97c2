import Database from 'better-sqlite3';
import { SqliteBackend } from '@infer/backend-sqlite';

/** Conversations in the store, the page size, and the calls each side times after untimed ones. */
export const LIST_DEEP_CONVERSATIONS = 1_000_000;
export const LIST_DEEP_LIMIT = 50;
export const LIST_DEEP_CALLS = 200;
export const LIST_DEEP_WARMUP = 20;
/** Conversations updated at one instant; pages cut through these ties. */
const TIES = 10;
const NEWEST = Date.UTC(2026, 0, 1);

/** Conversation `i` (0 is the most recently updated): its id; every TIES share an updated_at instant. */
export const deepId = (i) => `c${String(i).padStart(7, '0')}`;
const updatedAt = (i) => new Date(NEWEST - Math.floor(i / TIES) * 1000).toISOString();

/**
 * A SQLite store of LIST_DEEP_CONVERSATIONS conversations: migrated by the backend, then filled by hand
 * in one transaction of INSERTs into its schema (summary columns and the metadata document; no entries).
 */
export async function seedSqlite(path) {
  await (await SqliteBackend.open({ config: { path } })).close();
  const db = new Database(path);
  try {
    const insert = db.prepare(
      'INSERT INTO conversations (id, title, count, messages, created_at, updated_at, metadata) ' +
        'VALUES (?, ?, 0, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < LIST_DEEP_CONVERSATIONS; i++) {
        const id = deepId(i);
        const at = updatedAt(i);
        const metadata = { id, title: `Conversation ${i}`, created_at: at, updated_at: at, message_count: 0 };
        insert.run(id, metadata.title, '[]', at, at, JSON.stringify(metadata));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

/** The same conversations in a PostgreSQL database the backend migrated: one INSERT ... generate_series. */
export async function seedPostgres(client) {
  const text = 'to_char(t AT TIME ZONE \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS"Z"\')';
  await client.query(
    `INSERT INTO conversations (id, title, created_at, updated_at, message_count, metadata)
     SELECT id, 'Conversation ' || i, t, t, 0,
       jsonb_build_object('id', id, 'title', 'Conversation ' || i, 'created_at', ${text}, 'updated_at', ${text},
         'message_count', 0)
     FROM generate_series(0, $1::int - 1) AS i,
       LATERAL (SELECT 'c' || lpad(i::text, 7, '0') AS id,
         to_timestamp($2::float8 / 1000) - (i / $3::int) * interval '1 second' AS t) AS row`,
    [LIST_DEEP_CONVERSATIONS, NEWEST, TIES],
  );
  await client.query('VACUUM ANALYZE conversations');
}
