import { type Conversation, ErrorCode, type InferError, isInferError } from '@infer/core';
import { toSummary } from '@infer/core/kit';
import { conversation, entry, minimal } from '@infer/core/testing';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresBackend } from '../src/index.js';
import { createDatabase, dropDatabases, dumpDatabase, openClient, postgresEnabled } from '@infer/test-servers/postgres';
import { configFor } from './database.js';

/**
 * What PostgreSQL itself cannot hold, made to round-trip anyway (src/nul.ts, the timestamptz
 * expression of src/queries.ts): U+0000 in any string or key but an id, and UTC offsets beyond
 * ±15:59. Rows stay readable by earlier releases, and data without either is stored as before.
 */
const NUL = '\u0000';

/** U+0000 everywhere it can be, beside literal `%`, `%00` and `%25` that must not turn into anything else. */
function withNul(id: string): Conversation {
  const text = `a${NUL}b %00 %25 % end${NUL}`;
  return conversation(
    id,
    {
      title: `Title ${NUL} 100%`,
      summary: text,
      model: `model${NUL}x`,
      tags: [text, 'plain'],
      token_stats: { total_tokens: 3, [`x_key${NUL}`]: text },
      cost_stats: { Currency: `US${NUL}D`, PerModelStats: { [`m${NUL}`]: { TotalCost: 1 } } },
      optimized_messages: [entry('user', text), entry('user', 'plain %00')],
      [`x_field${NUL}%`]: { [text]: [text, 1, null] },
    },
    [
      entry('user', text),
      entry('assistant', 'no NUL here, 100% %00 %25'),
      entry('tool', NUL, { tool_execution: { out: `${NUL}${NUL}` } }),
    ],
  );
}

describe.runIf(postgresEnabled)('U+0000 and offsets beyond ±15:59 in PostgreSQL', () => {
  let database: string;
  let backend: PostgresBackend;
  let client: pg.Client;
  const rows = async (sql: string, values: unknown[] = []) => (await client.query(sql, values)).rows;

  beforeAll(async () => {
    database = await createDatabase();
    backend = await PostgresBackend.open({ config: configFor(database) });
    client = await openClient(database);
  });
  beforeEach(() => client.query('TRUNCATE conversations CASCADE'));
  afterAll(async () => {
    await client?.end();
    await backend?.close();
    await dropDatabases();
  });

  // Title, summary, model, tags, stats, unknown fields, entries, optimized messages.
  it('keeps U+0000 in every string and key but the id', async () => {
    const saved = withNul('nul');
    await backend.save(structuredClone(saved));
    expect(await backend.load('nul')).toStrictEqual(saved);
    expect(await backend.list()).toStrictEqual([toSummary(saved.metadata)]);
    const updated = { ...saved.metadata, title: `Renamed${NUL}`, updated_at: '2026-01-01T00:00:00Z' };
    await backend.updateMetadata('nul', structuredClone(updated));
    expect((await backend.load('nul')).metadata).toStrictEqual(updated);
  });

  // Entries keep their message, with %00 for U+0000 in its text.
  it('writes rows an earlier release reads: U+FFFD in the columns, %00 for U+0000 in entry text', async () => {
    await backend.save(withNul('nul'));
    expect(await rows('SELECT title, summary, model, tags, token_stats FROM conversations')).toEqual([
      {
        title: 'Title \uFFFD 100%',
        summary: 'a\uFFFDb %00 %25 % end\uFFFD',
        model: 'model\uFFFDx',
        tags: ['a\uFFFDb %00 %25 % end\uFFFD', 'plain'],
        token_stats: { total_tokens: 3, 'x_key\uFFFD': 'a\uFFFDb %00 %25 % end\uFFFD' },
      },
    ]);
    const entries = (await rows('SELECT entry_data FROM conversation_entries ORDER BY sequence_number')).map(
      (r) => r.entry_data,
    );
    expect(entries[0].message).toMatchObject({ role: 'user', content: 'a%00b %2500 %2525 %25 end%00' });
    expect(entries[0]['%infer']).toMatch(/^escaped: /);
    // An entry without U+0000 is stored exactly as given, as earlier releases stored it.
    expect(entries[1]).toStrictEqual(withNul('nul').entries[1]);
  });

  it('stores a conversation without U+0000 exactly as before, literal %00 and %25 included', async () => {
    const plain = conversation('plain', { title: '100% %00 %25' }, [entry('user', '50% %00 %25')]);
    await backend.save(structuredClone(plain));
    expect((await rows('SELECT entry_data FROM conversation_entries')).map((r) => r.entry_data)).toStrictEqual(
      plain.entries,
    );
    const { optimized_messages, ...document } = plain.metadata;
    expect(await rows('SELECT title, metadata, optimized_messages FROM conversations')).toStrictEqual([
      { title: '100% %00 %25', metadata: document, optimized_messages },
    ]);
  });

  it('escapes a document that has a top-level key "%infer" of its own, so that it loads back exactly', async () => {
    const marked = conversation(
      'marked',
      { '%infer': 'escaped: in every key and string below, %00 is U+0000 and %25 is %' },
      [entry('user', '%00', { '%infer': 'mine' })],
    );
    await backend.save(structuredClone(marked));
    expect(await backend.load('marked')).toStrictEqual(marked);
  });

  // E_UNSUPPORTED_VALUE on one line, naming the field and the fix.
  it('refuses an id with U+0000, writing nothing (E_UNSUPPORTED_VALUE); looking it up finds nothing', async () => {
    await backend.save(minimal('kept', '2025-01-01T00:00:00Z'));
    const before = await dumpDatabase(database);
    const id = `bad${NUL}id`;
    const error = (await backend.save(minimal(id, '2025-01-01T00:00:00Z')).catch((e: unknown) => e)) as InferError & {
      field?: string;
    };
    expect(isInferError(error, ErrorCode.UnsupportedValue), String(error)).toBe(true);
    expect(error.message).toBe(
      'PostgreSQL cannot store conversation id "bad\\u0000id": it contains U+0000 (NUL), which no PostgreSQL ' +
        'text can hold',
    );
    expect(error.field).toBe('metadata.id');
    expect(error.hint).toMatch(/id without U\+0000/);
    expect(await dumpDatabase(database)).toEqual(before);
    for (const lookup of [
      () => backend.load(id),
      () => backend.delete(id),
      () => backend.updateMetadata(id, minimal(id, '2025-01-01T00:00:00Z').metadata),
    ]) {
      expect(isInferError(await lookup().catch((e: unknown) => e), ErrorCode.NotFound)).toBe(true);
    }
  });

  it('refuses a non-RFC 3339 timestamp and an id over 255 characters, naming the field; writes nothing', async () => {
    await backend.save(minimal('kept', '2025-01-01T00:00:00Z'));
    const before = await dumpDatabase(database);
    const cases: [Conversation, string, RegExp][] = [
      [
        minimal('a', 'yesterday'),
        'metadata.created_at',
        /^PostgreSQL cannot store conversation "a": metadata\.created_at "yesterday" is not an RFC 3339 timestamp$/,
      ],
      [
        minimal('b', '2025-02-30T00:00:00Z'),
        'metadata.created_at',
        /"2025-02-30T00:00:00Z" is not an RFC 3339 timestamp/,
      ],
      [
        conversation('c', { updated_at: '2025-01-01T25:00:00Z' }, []),
        'metadata.updated_at',
        /metadata\.updated_at "2025-01-01T25:00:00Z"/,
      ],
      [
        conversation('d', { title_generation_time: '2025-01-01' }, []),
        'metadata.title_generation_time',
        /metadata\.title_generation_time "2025-01-01"/,
      ],
      [
        minimal('x'.repeat(256), '2025-01-01T00:00:00Z'),
        'metadata.id',
        /^PostgreSQL cannot store conversation id "x{40}\.\.\.": it has 256 characters, and ids hold at most 255$/,
      ],
    ];
    for (const [saved, field, message] of cases) {
      const error = (await backend.save(saved).catch((e: unknown) => e)) as InferError & { field?: string };
      expect(isInferError(error, ErrorCode.UnsupportedValue), String(error)).toBe(true);
      expect(error.message).toMatch(message);
      expect(error.field).toBe(field);
      expect(error.hint).toBeTruthy();
    }
    const renamed = { ...minimal('kept', '2025-01-01T00:00:00Z').metadata, updated_at: 'soon' };
    expect(
      isInferError(await backend.updateMetadata('kept', renamed).catch((e: unknown) => e), ErrorCode.UnsupportedValue),
    ).toBe(true);
    expect(await dumpDatabase(database)).toEqual(before);
    // The longest id and a leap second still go in.
    await backend.save(minimal('é'.repeat(255), '2016-12-31T23:59:60Z'));
    expect((await backend.load('é'.repeat(255))).metadata.id).toBe('é'.repeat(255));
  });

  // The columns hold the instant the listing order and earlier releases need.
  it('keeps offsets up to ±23:59 in metadata and entry times, with the right instant in the columns', async () => {
    const far = conversation(
      'far',
      {
        created_at: '2025-01-01T00:30:00+23:59',
        updated_at: '2025-01-01T10:00:00.123456789-16:30',
        title_generation_time: '2025-01-01T00:00:00+16:00',
      },
      [entry('user', 'hi', { time: '2025-01-01T00:00:00.5-23:59' }), entry('user', 'no time', { time: undefined })],
    );
    const near = minimal('near', '2025-01-02T02:00:00Z'); // 02:00Z, before far's 02:30:00.123457Z
    await backend.save(structuredClone(far));
    await backend.save(near);
    expect(await backend.load('far')).toStrictEqual(JSON.parse(JSON.stringify(far)));
    expect((await backend.list()).map((s) => s.id)).toEqual(['far', 'near']);
    const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
    expect(
      await rows(
        `SELECT ${utc('created_at')} AS c, ${utc('updated_at')} AS u, ${utc('title_generation_time')} AS t ` +
          "FROM conversations WHERE id = 'far'",
      ),
    ).toEqual([{ c: '2024-12-31T00:31:00.000000', u: '2025-01-02T02:30:00.123457', t: '2024-12-31T08:00:00.000000' }]);
    expect(
      (
        await rows(
          `SELECT ${utc('created_at')} AS c FROM conversation_entries WHERE conversation_id = 'far' ORDER BY ` +
            'sequence_number',
        )
      ).map((r) => r.c),
    ).toEqual([
      '2025-01-01T23:59:00.500000',
      '2025-01-02T02:30:00.123457', // no time of its own: the conversation's
    ]);
    const updated = { ...far.metadata, updated_at: '2025-01-03T00:00:00+20:00' };
    await backend.updateMetadata('far', structuredClone(updated));
    expect((await backend.load('far')).metadata).toStrictEqual(updated);
  });
});
