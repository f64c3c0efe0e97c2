import { closeSync, openSync, writeSync } from 'node:fs';
import { Database } from './database.js';

/** `count` conversations of about 500 bytes each in a migrated SQLite database: several pages of b-tree. */
export function addConversations(db: string, count: number): void {
  const conn = new Database(db);
  try {
    const insert = conn.prepare(
      `INSERT INTO conversations (id, title, count, messages, total_input_tokens, total_output_tokens, request_count,
         created_at, updated_at)
       VALUES (?, ?, 2, ?, 0, 0, 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    );
    for (let i = 0; i < count; i++)
      insert.run(
        `conversation-${i}`,
        `title ${i}`,
        JSON.stringify([{ message: { role: 'user', content: 'x'.repeat(400) } }]),
      );
  } finally {
    conn.close(); // the last connection checkpoints the WAL into the file
  }
}

/** Overwrites the b-tree page header of `table`'s root page with 0xFF bytes: SQLITE_CORRUPT when read. */
export function damageTablePages(db: string, table: string): void {
  // Read-write: a read-only connection to a WAL database would leave -wal and -shm files behind.
  const conn = new Database(db, { fileMustExist: true });
  let page: number;
  let size: number;
  try {
    page = (conn.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number })
      .rootpage;
    size = (conn.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  } finally {
    conn.close();
  }
  const fd = openSync(db, 'r+');
  try {
    writeSync(fd, Buffer.alloc(16, 0xff), 0, 16, (page - 1) * size);
  } finally {
    closeSync(fd);
  }
}
