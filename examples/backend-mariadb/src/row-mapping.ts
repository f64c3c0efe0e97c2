import type { ConversationEntry, ConversationMetadata } from '@infer/core';
import { toDatetime } from './times.js';

const MODEL_COLUMN_LENGTH = 255;
const json = (value: unknown) => JSON.stringify(value);

/**
 * The columns a save or a metadata update writes, each with its value: the columns of PostgreSQL's
 * schema (for queries, and for anyone reading the tables with SQL), times in UTC, and `metadata`,
 * the whole document, which is what `load` and `list` return. Optimized messages live only in
 * their column, so they are not stored twice. One table, so the upsert and the update cannot drift.
 */
const COLUMNS: Readonly<Record<string, (metadata: ConversationMetadata) => unknown>> = {
  id: (m) => m.id,
  title: (m) => m.title,
  created_at: (m) => toDatetime(m.created_at),
  updated_at: (m) => toDatetime(m.updated_at),
  // The column is for queries; the document has the whole name when it is longer.
  model: (m) =>
    Array.from(m.model ?? '')
      .slice(0, MODEL_COLUMN_LENGTH)
      .join(''),
  tags: (m) => json(m.tags ?? []),
  summary: (m) => m.summary ?? '',
  optimized_messages: (m) => (m.optimized_messages === undefined ? null : json(m.optimized_messages)),
  token_stats: (m) => json(m.token_stats ?? {}),
  cost_stats: (m) => json(m.cost_stats ?? {}),
  title_generated: (m) => m.title_generated ?? false,
  title_invalidated: (m) => m.title_invalidated ?? false,
  title_generation_time: (m) => timeOrNull(m.title_generation_time),
  metadata: ({ optimized_messages: _kept, ...document }) => json(document),
};

/** Column names, `id` first, in the order of {@link columnValues}. */
export const WRITTEN_COLUMNS: readonly string[] = Object.keys(COLUMNS);

export function columnValues(metadata: ConversationMetadata): unknown[] {
  return Object.values(COLUMNS).map((value) => value(metadata));
}

/** `conversation_entries` rows of a conversation: id, entry, number from 0, its time (or the conversation's). */
export function entryRows(id: string, entries: readonly ConversationEntry[], fallback: string): unknown[][] {
  return entries.map((entry, index) => [id, json(entry), index, timeOrNull(entry.time) ?? toDatetime(fallback)]);
}

/** A JSON column: MariaDB returns its text (JSON is LONGTEXT there), MySQL the parsed value. */
export function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function timeOrNull(timestamp: unknown): string | null {
  if (typeof timestamp !== 'string') return null;
  try {
    return toDatetime(timestamp);
  } catch {
    return null;
  }
}
