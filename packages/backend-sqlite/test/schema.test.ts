import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteBackend } from '../src/index.js';
import { LIST_AFTER } from '../src/sqlite-backend.js';
import { tempDatabasePath } from './helpers.js';

/** Column name, declared type, NOT NULL, default and primary key, from SQLite's catalogue. */
function columns(db: Database.Database, table: string) {
  return (
    db.pragma(`table_info(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[]
  ).map((c) => [c.name, c.type, c.notnull === 1, c.dflt_value, c.pk === 1]);
}

function indexColumns(db: Database.Database, index: string) {
  return (db.pragma(`index_xinfo(${index})`) as { name: string | null; desc: number; key: number }[])
    .filter((c) => c.key === 1)
    .map((c) => [c.name, c.desc === 1 ? 'DESC' : 'ASC']);
}

async function migratedDatabase(): Promise<Database.Database> {
  const path = tempDatabasePath();
  await (await SqliteBackend.open({ config: { path } })).close();
  return new Database(path, { readonly: true });
}

describe("SQLite schema, read from SQLite's own catalogue, matches schema-001.md", () => {
  it('has the ledger of earlier releases (three columns, their index) plus a nullable checksum', async () => {
    const db = await migratedDatabase();
    expect(columns(db, 'schema_migrations')).toEqual([
      ['version', 'VARCHAR(255)', false, null, true],
      ['description', 'TEXT', true, null, false],
      ['applied_at', 'DATETIME', true, null, false],
      ['checksum', 'VARCHAR(64)', false, null, false],
    ]);
    expect(indexColumns(db, 'idx_schema_migrations_version')).toEqual([['version', 'ASC']]);
    expect(db.prepare('SELECT version, description FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: '001', description: 'Initial schema - conversations table' },
      { version: '002', description: 'Add user preferences table' },
      { version: '003', description: 'Keep the full metadata document and order by instant' },
    ]);
  });

  it("has conversations column for column as 001 created it, then 003's metadata column", async () => {
    const db = await migratedDatabase();
    expect(columns(db, 'conversations')).toEqual([
      ['id', 'TEXT', false, null, true],
      ['title', 'TEXT', true, null, false],
      ['count', 'INTEGER', true, '0', false],
      ['messages', 'TEXT', true, null, false],
      ['optimized_messages', 'TEXT', false, null, false],
      ['total_input_tokens', 'INTEGER', true, '0', false],
      ['total_output_tokens', 'INTEGER', true, '0', false],
      ['request_count', 'INTEGER', true, '0', false],
      ['cost_stats', 'TEXT', false, "'{}'", false],
      ['models', 'TEXT', false, "'[]'", false],
      ['tags', 'TEXT', false, "'[]'", false],
      ['summary', 'TEXT', false, "''", false],
      ['title_generated', 'BOOLEAN', false, 'FALSE', false],
      ['title_invalidated', 'BOOLEAN', false, 'FALSE', false],
      ['title_generation_time', 'DATETIME', false, null, false],
      ['created_at', 'DATETIME', true, null, false],
      ['updated_at', 'DATETIME', true, null, false],
      ['metadata', 'TEXT', false, null, false],
    ]);
    expect(indexColumns(db, 'idx_conversations_updated_at')).toEqual([['updated_at', 'DESC']]);
  });

  it('has 002 exactly as the migration document shows it', async () => {
    const db = await migratedDatabase();
    expect(columns(db, 'user_preferences')).toEqual([
      ['id', 'TEXT', false, null, true],
      ['user_id', 'TEXT', true, null, false],
      ['settings', 'TEXT', true, null, false],
    ]);
    expect(indexColumns(db, 'idx_user_preferences_user_id')).toEqual([['user_id', 'ASC']]);
  });

  it('opens in WAL mode, as earlier releases did', async () => {
    const path = tempDatabasePath();
    const backend = await SqliteBackend.open({ config: { path } });
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await backend.close();
  });

  it('lists a page through the instant index, not a full scan', async () => {
    const db = await migratedDatabase();
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM conversations ORDER BY julianday(updated_at) DESC, id LIMIT 10 OFFSET 20',
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX idx_conversations_updated_instant/);
  });

  it('lists the page after a cursor from the instant index on, after one lookup of the cursor by key', async () => {
    const db = await migratedDatabase();
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LIST_AFTER}`).all('c', 'c', 'c', 50) as { detail: string }[]).map(
      (p) => p.detail,
    );
    // A range search (from the cursor's instant on), in index order: no full scan, no sort.
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH conversations USING INDEX idx_conversations_updated_instant \(<expr><\?\)$/),
    );
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH conversations USING INDEX sqlite_autoindex_conversations_1 \(id=\?\)$/),
    );
    expect(plan.join(' ')).not.toMatch(/SCAN conversations|TEMP B-TREE/);
  });
});
