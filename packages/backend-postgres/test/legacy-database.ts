import { LEGACY_COST_STATS, LEGACY_ENTRIES } from '@infer/core/testing';
import type pg from 'pg';

/**
 * A database exactly as earlier releases (the Go CLI) left it, written out from schema-001.md and
 * independently of this package's migrations: their ledger, their 001, their ledger row, and rows
 * as their SaveConversation wrote them (one JSONB entry row each from sequence 0, tags and
 * token_stats as JSONB, capitalised cost_stats keys, `null` tags for none, '' for no model or summary).
 */
export const LEGACY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
  CREATE TABLE IF NOT EXISTS conversations (
    id VARCHAR(255) PRIMARY KEY, title TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0, model VARCHAR(255), tags JSONB, summary TEXT,
    optimized_messages JSONB, token_stats JSONB, cost_stats JSONB,
    title_generated BOOLEAN DEFAULT FALSE, title_invalidated BOOLEAN DEFAULT FALSE,
    title_generation_time TIMESTAMP WITH TIME ZONE
  );
  CREATE TABLE IF NOT EXISTS conversation_entries (
    id BIGSERIAL PRIMARY KEY, conversation_id VARCHAR(255) NOT NULL, entry_data JSONB NOT NULL,
    sequence_number INTEGER NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    FOREIGN KEY (conversation_id) REFERENCES conversations(id) ON DELETE CASCADE
  );
  CREATE INDEX IF NOT EXISTS idx_conversations_updated_at ON conversations(updated_at DESC);
  CREATE INDEX IF NOT EXISTS idx_conversations_created_at ON conversations(created_at DESC);
  CREATE INDEX IF NOT EXISTS idx_conversation_entries_conversation_id ON conversation_entries(conversation_id);
  CREATE INDEX IF NOT EXISTS idx_conversation_entries_sequence
    ON conversation_entries(conversation_id, sequence_number);
  CREATE INDEX IF NOT EXISTS idx_conversations_tags ON conversations USING gin(tags);
  CREATE INDEX IF NOT EXISTS idx_conversations_title_invalidated ON conversations(title_invalidated, title_generated);
  INSERT INTO schema_migrations (version, description, applied_at)
    VALUES ('001', 'Initial schema - conversations and entries tables', '2025-12-19 18:23:19.123456+00');
`;

/** A later Go release's token stats: more keys than this project models. */
export const LEGACY_TOKEN_STATS = {
  total_input_tokens: 700,
  total_output_tokens: 74,
  total_tokens: 774,
  request_count: 1,
  last_input_tokens: 700,
  total_cached_tokens: 0,
  total_cache_write_tokens: 0,
};

/** What Go marshalled for a conversation without costs (a zero struct, not an empty object). */
export const ZERO_COST_STATS = {
  TotalCost: 0,
  TotalInputCost: 0,
  TotalOutputCost: 0,
  PerModelStats: null,
  Currency: '',
};

export const LEGACY_OPTIMIZED = [{ message: { role: 'user', content: 'Read a.txt' }, time: '2025-12-19T18:23:20Z' }];

/** The two conversations, as the Go SaveConversation's 14 parameters (JSON as text). */
export const LEGACY_ROWS = [
  {
    id: 'legacy-1',
    title: 'Reading a file',
    created_at: '2025-12-19T18:23:19Z',
    updated_at: '2025-12-19T18:25:00Z',
    model: 'anthropic/claude-sonnet-4',
    tags: ['go', 'legacy'],
    summary: 'Read a file.',
    optimized_messages: LEGACY_OPTIMIZED,
    cost_stats: LEGACY_COST_STATS,
    title_generated: true,
    title_generation_time: '2025-12-19T18:24:00Z',
  },
  {
    id: 'legacy-2',
    title: 'Untitled',
    created_at: '2025-12-19T18:23:19Z',
    updated_at: '2025-12-20T09:00:00+02:00',
    model: '',
    tags: null,
    summary: '',
    optimized_messages: null,
    cost_stats: ZERO_COST_STATS,
    title_generated: false,
    title_generation_time: null,
  },
] as const;

export async function createLegacyDatabase(client: pg.Client): Promise<void> {
  await client.query(LEGACY_SCHEMA);
  for (const row of LEGACY_ROWS) {
    await client.query(
      `INSERT INTO conversations (id, title, created_at, updated_at, message_count, model, tags, summary,
         optimized_messages, token_stats, cost_stats, title_generated, title_invalidated, title_generation_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        row.id,
        row.title,
        row.created_at,
        row.updated_at,
        LEGACY_ENTRIES.length,
        row.model,
        JSON.stringify(row.tags),
        row.summary,
        row.optimized_messages && JSON.stringify(row.optimized_messages),
        JSON.stringify(LEGACY_TOKEN_STATS),
        JSON.stringify(row.cost_stats),
        row.title_generated,
        false,
        row.title_generation_time,
      ],
    );
    for (const [i, entry] of LEGACY_ENTRIES.entries()) {
      await client.query(
        'INSERT INTO conversation_entries (conversation_id, entry_data, sequence_number, created_at) ' +
          'VALUES ($1, $2, $3, $4)',
        [row.id, JSON.stringify(entry), i, entry.time],
      );
    }
  }
}

/** Every row of a table, for before/after comparisons. */
export async function dumpTable(
  client: pg.Client,
  table: 'conversations' | 'conversation_entries',
): Promise<Record<string, unknown>[]> {
  return (await client.query(`SELECT * FROM ${table} ORDER BY id`)).rows;
}
