import type { Migration } from '@infer/core';

/** Every table: InnoDB (transactions, foreign keys), full Unicode, ids compared byte for byte. */
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

/**
 * The schema, in MySQL types, mirroring PostgreSQL's 001 and 002: TIMESTAMPTZ becomes DATETIME(6)
 * holding UTC, JSONB becomes JSON, BIGSERIAL an AUTO_INCREMENT BIGINT; indexes are declared in the
 * CREATE TABLE (MySQL has no CREATE INDEX IF NOT EXISTS). PostgreSQL's GIN index on `tags` has no
 * MariaDB equivalent and is left out. No earlier release wrote MariaDB databases, so 001 also has
 * `metadata`, the whole metadata document (PostgreSQL's 003), from the start: it keeps the fields
 * without a column and the UTC offsets timestamps were written with.
 *
 * Each statement that is DDL commits on its own (see the README): `IF NOT EXISTS` / `IF EXISTS`
 * make a migration that failed half-way safe to run again.
 */
export const mariadbMigrations: readonly Migration[] = Object.freeze([
  {
    version: '001',
    description: 'Initial schema - conversations and entries tables',
    up: `
      CREATE TABLE IF NOT EXISTS conversations (
        id VARCHAR(255) NOT NULL PRIMARY KEY,
        title TEXT NOT NULL,
        created_at DATETIME(6) NOT NULL,
        updated_at DATETIME(6) NOT NULL,
        message_count INT NOT NULL DEFAULT 0,
        model VARCHAR(255) NULL,
        tags JSON NULL,
        summary TEXT NULL,
        optimized_messages JSON NULL,
        token_stats JSON NULL,
        cost_stats JSON NULL,
        title_generated BOOLEAN DEFAULT FALSE,
        title_invalidated BOOLEAN DEFAULT FALSE,
        title_generation_time DATETIME(6) NULL,
        metadata JSON NOT NULL,
        KEY idx_conversations_updated_at (updated_at DESC),
        KEY idx_conversations_created_at (created_at DESC),
        KEY idx_conversations_title_invalidated (title_invalidated, title_generated)
      ) ${TABLE_OPTIONS};
      CREATE TABLE IF NOT EXISTS conversation_entries (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        conversation_id VARCHAR(255) NOT NULL,
        entry_data JSON NOT NULL,
        sequence_number INT NOT NULL,
        created_at DATETIME(6) NOT NULL,
        KEY idx_conversation_entries_conversation_id (conversation_id),
        KEY idx_conversation_entries_sequence (conversation_id, sequence_number),
        CONSTRAINT fk_conversation_entries_conversation FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS};
    `,
    down: `
      DROP TABLE IF EXISTS conversation_entries;
      DROP TABLE IF EXISTS conversations;
    `,
  },
  {
    version: '002',
    description: 'Add user preferences table',
    up: `
      CREATE TABLE IF NOT EXISTS user_preferences (
        id VARCHAR(255) NOT NULL PRIMARY KEY,
        user_id VARCHAR(255) NOT NULL,
        settings JSON NOT NULL,
        KEY idx_user_preferences_user_id (user_id)
      ) ${TABLE_OPTIONS};
    `,
    down: `
      DROP TABLE IF EXISTS user_preferences;
    `,
  },
]);
