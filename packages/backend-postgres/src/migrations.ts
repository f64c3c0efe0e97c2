import type { Migration } from '@infer/core';

/**
 * The PostgreSQL schema. 001 is the schema earlier releases created, column for column and index
 * for index (their `IF NOT EXISTS` included), so that their databases are recognised as "001
 * applied" and a database they half-created still migrates.
 * Each declares its checksum, `checksumOf(up)`, so that opening a database hashes nothing; the
 * shared test suite's descriptor group fails one that no longer matches its text, showing the right value.
 */
export const postgresMigrations: readonly Migration[] = Object.freeze([
  {
    version: '001',
    description: 'Initial schema - conversations and entries tables',
    checksum: 'a442bf959e76a37428493a8e6215f1343dedccf9623cb32863fc6e42da36da4d',
    up: `
      CREATE TABLE IF NOT EXISTS conversations (
        id VARCHAR(255) PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TIMESTAMP WITH TIME ZONE NOT NULL,
        updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
        message_count INTEGER NOT NULL DEFAULT 0,
        model VARCHAR(255),
        tags JSONB,
        summary TEXT,
        optimized_messages JSONB,
        token_stats JSONB,
        cost_stats JSONB,
        title_generated BOOLEAN DEFAULT FALSE,
        title_invalidated BOOLEAN DEFAULT FALSE,
        title_generation_time TIMESTAMP WITH TIME ZONE
      );
      CREATE TABLE IF NOT EXISTS conversation_entries (
        id BIGSERIAL PRIMARY KEY,
        conversation_id VARCHAR(255) NOT NULL,
        entry_data JSONB NOT NULL,
        sequence_number INTEGER NOT NULL,
        created_at TIMESTAMP WITH TIME ZONE NOT NULL,
        FOREIGN KEY (conversation_id) REFERENCES conversations(id) ON DELETE CASCADE
      );
      CREATE INDEX IF NOT EXISTS idx_conversations_updated_at ON conversations(updated_at DESC);
      CREATE INDEX IF NOT EXISTS idx_conversations_created_at ON conversations(created_at DESC);
      CREATE INDEX IF NOT EXISTS idx_conversation_entries_conversation_id ON conversation_entries(conversation_id);
      CREATE INDEX IF NOT EXISTS idx_conversation_entries_sequence ON conversation_entries(conversation_id, sequence_number);
      CREATE INDEX IF NOT EXISTS idx_conversations_tags ON conversations USING gin(tags);
      CREATE INDEX IF NOT EXISTS idx_conversations_title_invalidated ON conversations(title_invalidated, title_generated);
    `,
    down: `
      DROP TABLE IF EXISTS conversation_entries;
      DROP TABLE IF EXISTS conversations;
    `,
  },
  {
    // SQLite's 002 in PostgreSQL types: ids are VARCHAR(255) like every id of this schema, and the
    // settings document is JSONB like every JSON document of it.
    version: '002',
    description: 'Add user preferences table',
    checksum: '2ce46da904532b4f67e21f9f3c8890e612747d8ebd3910d194785e84c93605ab',
    up: `
      CREATE TABLE user_preferences (
        id VARCHAR(255) PRIMARY KEY,
        user_id VARCHAR(255) NOT NULL,
        settings JSONB NOT NULL
      );
      CREATE INDEX idx_user_preferences_user_id ON user_preferences(user_id);
    `,
    down: `
      DROP INDEX IF EXISTS idx_user_preferences_user_id;
      DROP TABLE IF EXISTS user_preferences;
    `,
  },
  {
    // 001 has no column for every metadata field (context_id, unknown fields) and TIMESTAMPTZ keeps
    // the instant but not the offset it was written with: the document keeps them exactly. The index
    // is the listing order (newest first, ties by id), so a page reads only its own rows.
    // The index blocks writes to conversations while it builds, once, on upgrade: CONCURRENTLY would
    // take `transaction: false`, which a transaction-mode pooler (lock_mode transaction) cannot run.
    version: '003',
    description: 'Keep the full metadata document and index the listing order',
    checksum: '7afeba06aad40da834db06246f46396eaef70d9f0ca5e78e676b4c47ef0a8766',
    blocking: true,
    up: `
      ALTER TABLE conversations ADD COLUMN metadata JSONB;
      CREATE INDEX idx_conversations_updated_at_id ON conversations(updated_at DESC, id);
    `,
    down: `
      DROP INDEX IF EXISTS idx_conversations_updated_at_id;
      ALTER TABLE conversations DROP COLUMN IF EXISTS metadata;
    `,
  },
]);
