import { LEGACY_COST_STATS, LEGACY_ENTRIES } from '@infer/core/testing';
import Database from 'better-sqlite3';
import { statusOf } from '@infer/test-servers';
import { describe, expect, it } from 'vitest';
import { SqliteBackend } from '../src/index.js';
import { tempDatabasePath } from './helpers.js';
import { LEGACY_ROWS, createLegacyDatabase, dumpTable } from './legacy-database.js';

describe('a database written by an earlier release', () => {
  it('is recognised as 001 applied with 002 and 003 pending, without being changed', async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    const status = await statusOf(SqliteBackend.open({ config: { path }, migrate: false }));
    expect(status.map((s) => [s.version, s.state])).toEqual([
      ['001', 'applied'],
      ['002', 'pending'],
      ['003', 'pending'],
    ]);
    expect(dumpTable(path, 'schema_migrations')).toHaveLength(1);
  });

  it('upgrades in place and every row loads with every field, unmodelled ones included', async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    const before = dumpTable(path, 'conversations');
    const backend = await SqliteBackend.open({ config: { path } });

    expect((await backend.migrationStatus()).every((s) => s.state === 'applied')).toBe(true);
    const after = dumpTable(path, 'conversations') as Record<string, unknown>[];
    expect(after.map(({ metadata: _added, ...rest }) => rest)).toEqual(before);

    for (const row of LEGACY_ROWS) {
      const { metadata, entries } = await backend.load(row.id);
      expect(entries).toStrictEqual(LEGACY_ENTRIES);
      expect(metadata).toStrictEqual({
        id: row.id,
        title: row.title,
        created_at: '2025-12-19T18:23:19Z',
        updated_at: row.updated_at,
        message_count: LEGACY_ENTRIES.length,
        token_stats: { total_input_tokens: 700, total_output_tokens: 74, total_tokens: 774, request_count: 1 },
        cost_stats: LEGACY_COST_STATS,
        model: 'anthropic/claude-sonnet-4',
        tags: ['go', 'legacy'],
        title_generated: row.title_generated === 1,
        title_invalidated: false,
        ...(row.title_generated ? { title_generation_time: '2025-12-19T18:24:00Z' } : {}),
      });
    }
    // Newest first by instant: 2025-12-20T09:00+02:00 is 07:00Z, after legacy-1.
    expect((await backend.list()).map((s) => s.id)).toEqual(['legacy-2', 'legacy-1']);
    expect((await backend.listNeedingTitles(10)).map((s) => s.id)).toEqual(['legacy-2']);
    await backend.close();
  });

  it('round-trips every upgraded row through save and load unchanged', async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    const backend = await SqliteBackend.open({ config: { path } });
    for (const row of LEGACY_ROWS) {
      const loaded = await backend.load(row.id);
      await backend.save(loaded);
      expect(await backend.load(row.id)).toStrictEqual(loaded);
    }
    await backend.close();
    const raw = new Database(path, { readonly: true });
    const messages = raw.prepare('SELECT messages FROM conversations').all() as { messages: string }[];
    raw.close();
    for (const { messages: text } of messages) expect(JSON.parse(text)).toStrictEqual(LEGACY_ENTRIES);
  });

  it('stays readable by the earlier release after the upgrade, and its later writes win', async () => {
    const path = tempDatabasePath();
    createLegacyDatabase(path);
    const backend = await SqliteBackend.open({ config: { path } });
    await backend.save({
      ...(await backend.load('legacy-1')),
      metadata: { ...(await backend.load('legacy-1')).metadata, context_id: 'ctx-7' },
    });
    // What the earlier release's UpdateConversationMetadata does: columns only.
    const raw = new Database(path);
    raw
      .prepare(
        "UPDATE conversations SET title = 'Renamed by Go', updated_at = '2026-01-01T00:00:00Z' WHERE id = 'legacy-1'",
      )
      .run();
    raw.close();
    const { metadata } = await backend.load('legacy-1');
    expect(metadata.title).toBe('Renamed by Go');
    expect(metadata.updated_at).toBe('2026-01-01T00:00:00Z');
    expect(metadata.context_id).toBe('ctx-7');
    await backend.close();
  });
});
