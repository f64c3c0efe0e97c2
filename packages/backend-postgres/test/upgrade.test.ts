import { LEGACY_COST_STATS, LEGACY_ENTRIES, minimal } from '@infer/core/testing';
import type pg from 'pg';
import { statusOf } from '@infer/test-servers';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresBackend } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, openClient, postgresEnabled } from '@infer/test-servers/postgres';
import { configFor } from './database.js';
import {
  LEGACY_OPTIMIZED,
  LEGACY_TOKEN_STATS,
  ZERO_COST_STATS,
  createLegacyDatabase,
  dumpTable,
} from './legacy-database.js';

/** How each legacy row loads: every column, as written (TIMESTAMPTZ keeps the instant, not the offset). */
const EXPECTED = {
  'legacy-1': {
    id: 'legacy-1',
    title: 'Reading a file',
    created_at: '2025-12-19T18:23:19Z',
    updated_at: '2025-12-19T18:25:00Z',
    message_count: 4,
    token_stats: LEGACY_TOKEN_STATS,
    cost_stats: LEGACY_COST_STATS,
    model: 'anthropic/claude-sonnet-4',
    tags: ['go', 'legacy'],
    summary: 'Read a file.',
    optimized_messages: LEGACY_OPTIMIZED,
    title_generated: true,
    title_invalidated: false,
    title_generation_time: '2025-12-19T18:24:00Z',
  },
  'legacy-2': {
    id: 'legacy-2',
    title: 'Untitled',
    created_at: '2025-12-19T18:23:19Z',
    updated_at: '2025-12-20T07:00:00Z',
    message_count: 4,
    token_stats: LEGACY_TOKEN_STATS,
    cost_stats: ZERO_COST_STATS,
    title_generated: false,
    title_invalidated: false,
  },
};

describe.runIf(postgresEnabled)('a PostgreSQL database written by an earlier release', () => {
  let database: string;
  let client: pg.Client;
  beforeEach(async () => {
    database = await createDatabase();
    client = await openClient(database);
    await createLegacyDatabase(client);
  });
  afterEach(async () => {
    await client.end();
  });
  afterAll(dropDatabases);

  it('is recognised as 001 applied with 002 and 003 pending, without being changed', async () => {
    const before = await dumpDatabase(database);
    const status = await statusOf(PostgresBackend.open({ config: configFor(database), migrate: false }));
    expect(status.map((s) => [s.version, s.state])).toEqual([
      ['001', 'applied'],
      ['002', 'pending'],
      ['003', 'pending'],
    ]);
    expect(status[0]!.appliedAt).toBe('2025-12-19T18:23:19.123Z');
    expect(await dumpDatabase(database)).toEqual(before);
  });

  it('upgrades in place: rows untouched, and every row loads with every field, unmodelled ones included', async () => {
    const [conversations, entries] = [
      await dumpTable(client, 'conversations'),
      await dumpTable(client, 'conversation_entries'),
    ];
    const backend = await PostgresBackend.open({ config: configFor(database) });
    expect((await backend.migrationStatus()).map((s) => s.state)).toEqual(['applied', 'applied', 'applied']);
    expect(await dumpTable(client, 'conversations')).toEqual(conversations.map((row) => ({ ...row, metadata: null })));
    expect(await dumpTable(client, 'conversation_entries')).toEqual(entries);

    for (const [id, metadata] of Object.entries(EXPECTED)) {
      expect(await backend.load(id)).toStrictEqual({ metadata, entries: LEGACY_ENTRIES });
    }
    // Newest first by instant: 2025-12-20T09:00+02:00 is 07:00Z, after legacy-1.
    expect((await backend.list()).map((s) => s.id)).toEqual(['legacy-2', 'legacy-1']);
    expect((await backend.listNeedingTitles(10)).map((s) => s.id)).toEqual(['legacy-2']);
    await backend.close();
  });

  it('round-trips every upgraded row through save and load unchanged, entries still one row each from 0', async () => {
    const backend = await PostgresBackend.open({ config: configFor(database) });
    for (const id of Object.keys(EXPECTED)) {
      const loaded = await backend.load(id);
      await backend.save(loaded);
      expect(await backend.load(id)).toStrictEqual(loaded);
      const { rows } = await client.query(
        'SELECT entry_data, sequence_number FROM conversation_entries WHERE conversation_id = $1 ORDER BY ' +
          'sequence_number',
        [id],
      );
      expect(rows).toStrictEqual(LEGACY_ENTRIES.map((entry, i) => ({ entry_data: entry, sequence_number: i })));
    }
    await backend.close();
  });

  it("lets the earlier release's later writes win, keeping fields only the document has", async () => {
    const backend = await PostgresBackend.open({ config: configFor(database) });
    const loaded = await backend.load('legacy-1');
    await backend.save({
      ...loaded,
      metadata: { ...loaded.metadata, context_id: 'ctx-7', updated_at: '2026-01-01T10:00:00+01:00' },
    });
    // What the earlier release's UpdateConversationMetadata does: columns only.
    await client.query(
      "UPDATE conversations SET title = 'Renamed by Go', tags = '[]', updated_at = '2026-02-01T00:00:00Z' WHERE " +
        "id = 'legacy-1'",
    );
    const { metadata } = await backend.load('legacy-1');
    expect(metadata).toMatchObject({ title: 'Renamed by Go', updated_at: '2026-02-01T00:00:00Z', context_id: 'ctx-7' });
    expect(metadata.tags).toBeUndefined();
    await backend.close();
  });

  it('writes rows the earlier release can still read: the columns it scans are never NULL', async () => {
    const backend = await PostgresBackend.open({ config: configFor(database) });
    await backend.save(minimal('ours', '2026-01-01T00:00:00Z', {}, 3));
    await backend.close();
    const { rows } = await client.query(
      "SELECT message_count, model, tags, summary, token_stats, cost_stats FROM conversations WHERE id = 'ours'",
    );
    expect(rows).toEqual([{ message_count: 3, model: '', tags: [], summary: '', token_stats: {}, cost_stats: {} }]);
  });
});
