import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MariadbBackend } from '../src/index.js';
import { configFor, createDatabase, dropDatabases, mariadbEnabled, queryRows, schemaOf } from './database.js';

type Schema = Record<string, Record<string, unknown>[]>;
const of = (rows: Record<string, unknown>[] | undefined, table: string) =>
  (rows ?? [])
    .filter((r) => r.table_name === table || r.TABLE_NAME === table)
    .map(({ table_name: _t, TABLE_NAME: _T, ...rest }) => Object.values(rest));

describe.runIf(mariadbEnabled)('the MariaDB schema of migrations 001 and 002, from information_schema', () => {
  let database: string;
  let schema: Schema;
  beforeAll(async () => {
    database = await createDatabase();
    await (await MariadbBackend.open({ config: configFor(database) })).close();
    schema = (await schemaOf(database)) as Schema;
  });
  afterAll(dropDatabases);

  it('has the ledger: version VARCHAR(255) primary key, description, applied_at DATETIME(6), nullable checksum', () => {
    expect(of(schema.columns, 'schema_migrations')).toEqual([
      ['version', 'varchar(255)', 'NO', null],
      ['description', 'text', 'NO', null],
      ['applied_at', 'datetime(6)', 'NO', null],
      ['checksum', 'varchar(64)', 'YES', 'NULL'],
    ]);
  });

  it("has 001: conversations with PostgreSQL's columns in MySQL types, plus the metadata document", () => {
    expect(of(schema.columns, 'conversations')).toEqual([
      ['id', 'varchar(255)', 'NO', null],
      ['title', 'text', 'NO', null],
      ['created_at', 'datetime(6)', 'NO', null],
      ['updated_at', 'datetime(6)', 'NO', null],
      ['message_count', 'int(11)', 'NO', '0'],
      ['model', 'varchar(255)', 'YES', 'NULL'],
      ['tags', 'longtext', 'YES', 'NULL'],
      ['summary', 'text', 'YES', 'NULL'],
      ['optimized_messages', 'longtext', 'YES', 'NULL'],
      ['token_stats', 'longtext', 'YES', 'NULL'],
      ['cost_stats', 'longtext', 'YES', 'NULL'],
      ['title_generated', 'tinyint(1)', 'YES', '0'],
      ['title_invalidated', 'tinyint(1)', 'YES', '0'],
      ['title_generation_time', 'datetime(6)', 'YES', 'NULL'],
      ['metadata', 'longtext', 'NO', null],
    ]);
    expect(of(schema.indexes, 'conversations')).toEqual([
      ['idx_conversations_created_at', 1, 1, 'created_at', 'D'],
      ['idx_conversations_title_invalidated', 1, 1, 'title_invalidated', 'A'],
      ['idx_conversations_title_invalidated', 1, 2, 'title_generated', 'A'],
      ['idx_conversations_updated_at', 1, 1, 'updated_at', 'D'],
      ['PRIMARY', 0, 1, 'id', 'A'],
    ]);
  });

  it('has 001: conversation_entries, deleted with their conversation, and its indexes', () => {
    expect(of(schema.columns, 'conversation_entries')).toEqual([
      ['id', 'bigint(20)', 'NO', null],
      ['conversation_id', 'varchar(255)', 'NO', null],
      ['entry_data', 'longtext', 'NO', null],
      ['sequence_number', 'int(11)', 'NO', null],
      ['created_at', 'datetime(6)', 'NO', null],
    ]);
    expect(of(schema.indexes, 'conversation_entries')).toEqual([
      ['idx_conversation_entries_conversation_id', 1, 1, 'conversation_id', 'A'],
      ['idx_conversation_entries_sequence', 1, 1, 'conversation_id', 'A'],
      ['idx_conversation_entries_sequence', 1, 2, 'sequence_number', 'A'],
      ['PRIMARY', 0, 1, 'id', 'A'],
    ]);
    expect(of(schema.foreignKeys, 'conversation_entries')).toEqual([
      ['fk_conversation_entries_conversation', 'conversations', 'CASCADE'],
    ]);
  });

  it('keeps JSON columns valid JSON (MariaDB: LONGTEXT with a json_valid check)', async () => {
    const checks = await queryRows<{ name: string }>(
      database,
      'SELECT constraint_name AS name FROM information_schema.check_constraints WHERE constraint_schema = ? AND ' +
        "table_name = 'conversations' ORDER BY 1",
      [database],
    );
    expect(checks.map((c) => c.name)).toEqual(['cost_stats', 'metadata', 'optimized_messages', 'tags', 'token_stats']);
  });

  it('has 002: user_preferences and its index on user_id', () => {
    expect(of(schema.columns, 'user_preferences')).toEqual([
      ['id', 'varchar(255)', 'NO', null],
      ['user_id', 'varchar(255)', 'NO', null],
      ['settings', 'longtext', 'NO', null],
    ]);
    expect(of(schema.indexes, 'user_preferences')).toEqual([
      ['idx_user_preferences_user_id', 1, 1, 'user_id', 'A'],
      ['PRIMARY', 0, 1, 'id', 'A'],
    ]);
  });

  it('records both migrations in the ledger', async () => {
    const rows = await queryRows<{ version: string; description: string }>(
      database,
      'SELECT version, description FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual([
      { version: '001', description: 'Initial schema - conversations and entries tables' },
      { version: '002', description: 'Add user preferences table' },
    ]);
  });
});
