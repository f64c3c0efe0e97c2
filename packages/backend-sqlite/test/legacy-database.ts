import { LEGACY_COST_STATS, LEGACY_ENTRIES } from '@infer/core/testing';
import Database from 'better-sqlite3';

/**
 * A database exactly as earlier releases (the Go CLI) left it: their ledger DDL, their 001 schema,
 * their ledger row, and rows as their `SaveConversation` wrote them: entries as a JSON array with
 * fields this project does not model, capitalised `cost_stats`, booleans as 0/1, RFC 3339 text.
 */
export const LEGACY_SQL = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at DATETIME NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON schema_migrations(version);
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
  INSERT INTO schema_migrations (version, description, applied_at)
    VALUES ('001', 'Initial schema - conversations table', '2025-12-19 18:23:19.123456789+00:00');
`;

export interface LegacyRow {
  id: string;
  title: string;
  updated_at: string;
  title_generated: number;
}

export const LEGACY_ROWS: LegacyRow[] = [
  { id: 'legacy-1', title: 'Reading a file', updated_at: '2025-12-19T18:25:00Z', title_generated: 1 },
  { id: 'legacy-2', title: 'Untitled', updated_at: '2025-12-20T09:00:00+02:00', title_generated: 0 },
];

/** Creates the database at `path` and returns the SQL text of every row, for comparisons. */
export function createLegacyDatabase(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(LEGACY_SQL);
  const insert = db.prepare(`
    INSERT INTO conversations (id, title, count, messages, total_input_tokens, total_output_tokens, request_count,
      cost_stats, models, tags, title_generated, title_invalidated, title_generation_time, created_at, updated_at)
    VALUES (?, ?, ?, ?, 700, 74, 1, ?, ?, ?, ?, 0, ?, '2025-12-19T18:23:19Z', ?)`);
  for (const row of LEGACY_ROWS) {
    insert.run(
      row.id,
      row.title,
      LEGACY_ENTRIES.length,
      JSON.stringify(LEGACY_ENTRIES),
      JSON.stringify(LEGACY_COST_STATS),
      JSON.stringify(['anthropic/claude-sonnet-4']),
      JSON.stringify(['go', 'legacy']),
      row.title_generated,
      row.title_generated ? '2025-12-19T18:24:00Z' : null,
      row.updated_at,
    );
  }
  db.close();
}

/** Every table's rows, for before/after comparisons. */
export function dumpTable(path: string, table: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
  } finally {
    db.close();
  }
}

/** The schema as SQLite's own catalogue holds it. */
export function dumpSchema(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
  } finally {
    db.close();
  }
}

/** Schema, every table's rows and the ledger's rows: for "nothing changed" comparisons of a whole database. */
export function dumpDatabase(path: string): {
  schema: unknown[];
  data: Record<string, unknown[]>;
  ledger: Record<string, unknown>[];
} {
  const schema = dumpSchema(path) as { type: string; name: string }[];
  const tables = schema.filter((object) => object.type === 'table').map((object) => object.name);
  const data = Object.fromEntries(tables.map((table) => [table, dumpTable(path, table)]));
  return { schema, data, ledger: (data.schema_migrations ?? []) as Record<string, unknown>[] };
}
