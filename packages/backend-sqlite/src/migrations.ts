import type { Migration } from '@infer/core';

/**
 * The SQLite schema. 001 is the schema earlier releases created, column for column, so their
 * databases are recognised as "001 applied"; 002 is the migration document's example, verbatim.
 * Each declares its checksum, `checksumOf(up)`, so that opening a database hashes nothing; the
 * shared test suite's descriptor group fails one that no longer matches its text, showing the right value.
 */
export const sqliteMigrations: readonly Migration[] = Object.freeze([
  {
    version: '001',
    description: 'Initial schema - conversations table',
    checksum: '1b407ae6d8926506c6bfc86b11188142d78a9144ba562730f381f7fdfb65e2b4',
    up: `
      CREATE TABLE IF NOT EXISTS conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 0,
        messages TEXT NOT NULL,
        optimized_messages TEXT,
        total_input_tokens INTEGER NOT NULL DEFAULT 0,
        total_output_tokens INTEGER NOT NULL DEFAULT 0,
        request_count INTEGER NOT NULL DEFAULT 0,
        cost_stats TEXT DEFAULT '{}',
        models TEXT DEFAULT '[]',
        tags TEXT DEFAULT '[]',
        summary TEXT DEFAULT '',
        title_generated BOOLEAN DEFAULT FALSE,
        title_invalidated BOOLEAN DEFAULT FALSE,
        title_generation_time DATETIME,
        created_at DATETIME NOT NULL,
        updated_at DATETIME NOT NULL
      );
      CREATE INDEX IF NOT EXISTS idx_conversations_updated_at ON conversations(updated_at DESC);
    `,
    down: `
      DROP INDEX IF EXISTS idx_conversations_updated_at;
      DROP TABLE IF EXISTS conversations;
    `,
  },
  {
    version: '002',
    description: 'Add user preferences table',
    checksum: 'b8da18d78f0528368050d0a27bbfbebfbcfe7ee4dca0c5c9a9e85ad75d82d031',
    up: `
      CREATE TABLE user_preferences (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        settings TEXT NOT NULL
      );
      CREATE INDEX idx_user_preferences_user_id ON user_preferences(user_id);
    `,
    down: `
      DROP INDEX IF EXISTS idx_user_preferences_user_id;
      DROP TABLE IF EXISTS user_preferences;
    `,
  },
  {
    // 001 has no column for every metadata field (context_id, last_input_tokens, fields a newer
    // writer added), and its index orders timestamps as text, which is wrong across UTC offsets.
    version: '003',
    description: 'Keep the full metadata document and order by instant',
    checksum: 'e6de6e703d033590de5b8d047f1f06c455e1173b12993be1698ab2ab7fafb34e',
    up: `
      ALTER TABLE conversations ADD COLUMN metadata TEXT;
      CREATE INDEX idx_conversations_updated_instant ON conversations(julianday(updated_at) DESC, id);
    `,
    down: `
      DROP INDEX IF EXISTS idx_conversations_updated_instant;
      ALTER TABLE conversations DROP COLUMN metadata;
    `,
  },
]);
