import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabases, postgresEnabled } from '@infer/test-servers/postgres';
import { openMigratedDatabase } from './database.js';

/** Name, type, NOT NULL and default of every column, from information_schema. */
async function columns(client: pg.Client, table: string) {
  const { rows } = await client.query(
    `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
      ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((c) => [
    c.column_name,
    c.character_maximum_length === null ? c.data_type : `${c.data_type}(${c.character_maximum_length})`,
    c.is_nullable === 'NO' ? 'NOT NULL' : 'NULL',
    c.column_default,
  ]);
}

async function indexes(client: pg.Client, table: string) {
  const { rows } = await client.query(
    'SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY indexname',
    [table],
  );
  return rows.map((r) => String(r.indexdef).replace(' public.', ' '));
}

async function constraints(client: pg.Client, table: string) {
  const { rows } = await client.query(
    'SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass ' +
      'ORDER BY conname',
    [table],
  );
  return rows.map((r) => [r.conname, r.def]);
}

describe.runIf(postgresEnabled)('PostgreSQL schema, read from the catalogue, matches schema-001.md', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await openMigratedDatabase();
  });
  afterAll(async () => {
    await client.end();
    await dropDatabases();
  });

  it('has the ledger of earlier releases (three columns, primary key, index) plus a nullable checksum', async () => {
    expect(await columns(client, 'schema_migrations')).toEqual([
      ['version', 'character varying(255)', 'NOT NULL', null],
      ['description', 'text', 'NOT NULL', null],
      ['applied_at', 'timestamp with time zone', 'NOT NULL', null],
      ['checksum', 'character varying(64)', 'NULL', null],
    ]);
    expect(await constraints(client, 'schema_migrations')).toEqual([
      ['schema_migrations_pkey', 'PRIMARY KEY (version)'],
    ]);
    expect(await indexes(client, 'schema_migrations')).toEqual([
      'CREATE INDEX idx_schema_migrations_version ON schema_migrations USING btree (version)',
      'CREATE UNIQUE INDEX schema_migrations_pkey ON schema_migrations USING btree (version)',
    ]);
    const { rows } = await client.query('SELECT version, description FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: '001', description: 'Initial schema - conversations and entries tables' },
      { version: '002', description: 'Add user preferences table' },
      { version: '003', description: 'Keep the full metadata document and index the listing order' },
    ]);
  });

  it("has conversations column for column as 001 created it, then 003's metadata document", async () => {
    expect(await columns(client, 'conversations')).toEqual([
      ['id', 'character varying(255)', 'NOT NULL', null],
      ['title', 'text', 'NOT NULL', null],
      ['created_at', 'timestamp with time zone', 'NOT NULL', null],
      ['updated_at', 'timestamp with time zone', 'NOT NULL', null],
      ['message_count', 'integer', 'NOT NULL', '0'],
      ['model', 'character varying(255)', 'NULL', null],
      ['tags', 'jsonb', 'NULL', null],
      ['summary', 'text', 'NULL', null],
      ['optimized_messages', 'jsonb', 'NULL', null],
      ['token_stats', 'jsonb', 'NULL', null],
      ['cost_stats', 'jsonb', 'NULL', null],
      ['title_generated', 'boolean', 'NULL', 'false'],
      ['title_invalidated', 'boolean', 'NULL', 'false'],
      ['title_generation_time', 'timestamp with time zone', 'NULL', null],
      ['metadata', 'jsonb', 'NULL', null],
    ]);
    expect(await constraints(client, 'conversations')).toEqual([['conversations_pkey', 'PRIMARY KEY (id)']]);
  });

  it('has conversation_entries with its BIGSERIAL id and the foreign key ON DELETE CASCADE', async () => {
    expect(await columns(client, 'conversation_entries')).toEqual([
      ['id', 'bigint', 'NOT NULL', "nextval('conversation_entries_id_seq'::regclass)"],
      ['conversation_id', 'character varying(255)', 'NOT NULL', null],
      ['entry_data', 'jsonb', 'NOT NULL', null],
      ['sequence_number', 'integer', 'NOT NULL', null],
      ['created_at', 'timestamp with time zone', 'NOT NULL', null],
    ]);
    expect(await constraints(client, 'conversation_entries')).toEqual([
      [
        'conversation_entries_conversation_id_fkey',
        'FOREIGN KEY (conversation_id) REFERENCES conversations(id) ON DELETE CASCADE',
      ],
      ['conversation_entries_pkey', 'PRIMARY KEY (id)'],
    ]);
  });

  it("has all six indexes of 001 (DESC and GIN included), plus 003's listing index", async () => {
    expect(await indexes(client, 'conversations')).toEqual([
      'CREATE UNIQUE INDEX conversations_pkey ON conversations USING btree (id)',
      'CREATE INDEX idx_conversations_created_at ON conversations USING btree (created_at DESC)',
      'CREATE INDEX idx_conversations_tags ON conversations USING gin (tags)',
      'CREATE INDEX idx_conversations_title_invalidated ON conversations USING btree (title_invalidated, ' +
        'title_generated)',
      'CREATE INDEX idx_conversations_updated_at ON conversations USING btree (updated_at DESC)',
      'CREATE INDEX idx_conversations_updated_at_id ON conversations USING btree (updated_at DESC, id)',
    ]);
    expect(await indexes(client, 'conversation_entries')).toEqual([
      'CREATE UNIQUE INDEX conversation_entries_pkey ON conversation_entries USING btree (id)',
      'CREATE INDEX idx_conversation_entries_conversation_id ON conversation_entries USING btree (conversation_id)',
      'CREATE INDEX idx_conversation_entries_sequence ON conversation_entries USING btree (conversation_id, ' +
        'sequence_number)',
    ]);
  });

  it("has 002: SQLite's user_preferences table and index in PostgreSQL types", async () => {
    expect(await columns(client, 'user_preferences')).toEqual([
      ['id', 'character varying(255)', 'NOT NULL', null],
      ['user_id', 'character varying(255)', 'NOT NULL', null],
      ['settings', 'jsonb', 'NOT NULL', null],
    ]);
    expect(await indexes(client, 'user_preferences')).toEqual([
      'CREATE INDEX idx_user_preferences_user_id ON user_preferences USING btree (user_id)',
      'CREATE UNIQUE INDEX user_preferences_pkey ON user_preferences USING btree (id)',
    ]);
  });
});
