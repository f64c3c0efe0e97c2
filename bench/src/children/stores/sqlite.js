// The SQLite floor: better-sqlite3 with the backend's pragmas, its UPSERT, load and list statements
// (sqlite-backend.ts, row-mapping.ts), each prepared once; a row's metadata is its JSON document.
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS } from '../../lib/shapes.js';

const METADATA_COLUMNS =
  'id, title, count, optimized_messages, total_input_tokens, total_output_tokens, request_count, cost_stats, ' +
  'models, tags, summary, title_generated, title_invalidated, title_generation_time, created_at, updated_at, metadata';

const UPSERT = `
  INSERT INTO conversations (id, title, count, messages, optimized_messages, total_input_tokens, total_output_tokens,
    request_count, cost_stats, models, tags, summary, title_generated, title_invalidated, title_generation_time,
    created_at, updated_at, metadata)
  VALUES (@id, @title, @count, @messages, @optimized_messages, @total_input_tokens, @total_output_tokens,
    @request_count, @cost_stats, @models, @tags, @summary, @title_generated, @title_invalidated, @title_generation_time,
    @created_at, @updated_at, @metadata)
  ON CONFLICT(id) DO UPDATE SET title = excluded.title, count = excluded.count, messages = excluded.messages,
    optimized_messages = excluded.optimized_messages, total_input_tokens = excluded.total_input_tokens,
    total_output_tokens = excluded.total_output_tokens, request_count = excluded.request_count,
    cost_stats = excluded.cost_stats, models = excluded.models, tags = excluded.tags, summary = excluded.summary,
    title_generated = excluded.title_generated, title_invalidated = excluded.title_invalidated,
    title_generation_time = excluded.title_generation_time, created_at = excluded.created_at,
    updated_at = excluded.updated_at, metadata = excluded.metadata`;

/** The row of row-mapping.ts's toColumns, plus the entries. */
function row({ metadata, entries }) {
  const { optimized_messages, ...document } = metadata;
  const stats = metadata.token_stats ?? {};
  const models = new Set(metadata.model ? [metadata.model] : []);
  for (const entry of entries) if (entry.model) models.add(entry.model);
  return {
    id: metadata.id,
    title: metadata.title,
    count: entries.length,
    messages: JSON.stringify(entries),
    optimized_messages: optimized_messages === undefined ? null : JSON.stringify(optimized_messages),
    total_input_tokens: stats.total_input_tokens ?? 0,
    total_output_tokens: stats.total_output_tokens ?? 0,
    request_count: stats.request_count ?? 0,
    cost_stats: JSON.stringify(metadata.cost_stats ?? {}),
    models: JSON.stringify([...models]),
    tags: JSON.stringify(metadata.tags ?? []),
    summary: metadata.summary ?? '',
    title_generated: metadata.title_generated ? 1 : 0,
    title_invalidated: metadata.title_invalidated ? 1 : 0,
    title_generation_time: metadata.title_generation_time ?? null,
    created_at: metadata.created_at,
    updated_at: metadata.updated_at,
    metadata: JSON.stringify(document),
  };
}

export async function openStore({ path }) {
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('schema_version');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const upsert = db.prepare(UPSERT);
  const load = db.prepare(`SELECT ${METADATA_COLUMNS}, messages FROM conversations WHERE id = ?`);
  const list = db.prepare(
    `SELECT ${METADATA_COLUMNS} FROM conversations ORDER BY julianday(updated_at) DESC, id LIMIT ? OFFSET ?`,
  );
  return {
    save: async (conversation) => void upsert.run(row(conversation)),
    async load(id) {
      const found = load.get(id);
      const metadata = JSON.parse(found.metadata);
      if (found.optimized_messages !== null) metadata.optimized_messages = JSON.parse(found.optimized_messages);
      return { metadata, entries: JSON.parse(found.messages) };
    },
    list: async () => list.all(50, 0).map((found) => JSON.parse(found.metadata)),
    close: async () => db.close(),
  };
}
