import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_LIMITS } from '@infer/core';
import { LIST_AFTER, LIST_CONVERSATIONS, LIST_NEEDING_TITLES, LOAD_CONVERSATION } from '../src/queries.js';
import { dropDatabases, postgresEnabled } from '@infer/test-servers/postgres';
import { openMigratedDatabase } from './database.js';

const CONVERSATIONS = 20_000;
const ENTRIES_EACH = 5;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The backend's own statements, planned and run with the planner's normal settings (no
 * `enable_seqscan = off`) on a table big enough that a full scan would show: every conversation
 * read from disk must be one the page returns or skips, never the whole table.
 */
describe.runIf(postgresEnabled)('PostgreSQL reads a page without scanning the table', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await openMigratedDatabase();
    await client.query(
      `INSERT INTO conversations (id, title, created_at, updated_at, message_count, title_generated)
       SELECT 'c' || i, 'title ' || i, now() - i * interval '1 minute', now() - i * interval '1 minute', $2, i % 3 = 0
       FROM generate_series(1, $1::int) AS i`,
      [CONVERSATIONS, ENTRIES_EACH],
    );
    await client.query(
      `INSERT INTO conversation_entries (conversation_id, entry_data, sequence_number, created_at)
       SELECT 'c' || i, jsonb_build_object('message', jsonb_build_object('role', 'user', 'content', 'm' || n)), n, now()
       FROM generate_series(1, $1::int) AS i, generate_series(0, $2::int - 1) AS n`,
      [CONVERSATIONS, ENTRIES_EACH],
    );
    await client.query('ANALYZE');
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    await dropDatabases();
  });

  async function explain(text: string, values: unknown[]): Promise<PlanNode[]> {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    return nodes(rows[0]['QUERY PLAN'][0].Plan as PlanNode);
  }

  it.each([
    [0, 50],
    [1000, 50],
  ])(
    'lists %i..+%i newest first from idx_conversations_updated_at_id, reading only those rows, no sort',
    async (offset, limit) => {
      const plan = await explain(LIST_CONVERSATIONS, [limit, offset]);
      const types = plan.map((n) => n['Node Type']);
      expect(types).not.toContain('Seq Scan');
      expect(types).not.toContain('Sort');
      const scan = plan.find((n) => n['Relation Name'] === 'conversations')!;
      expect(scan['Index Name']).toBe('idx_conversations_updated_at_id');
      expect(scan['Actual Rows']).toBe(offset + limit);
    },
  );

  it('lists the page after a deep cursor from idx_conversations_updated_at_id on, only its rows, no sort', async () => {
    const plan = await explain(LIST_AFTER, ['c15000', 50]);
    const types = plan.map((n) => n['Node Type']);
    expect(types).not.toContain('Seq Scan');
    expect(types).not.toContain('Sort');
    const scan = plan.find((n) => n['Index Name'] === 'idx_conversations_updated_at_id')!;
    expect(scan['Node Type']).toBe('Index Scan');
    expect(scan['Actual Rows']).toBe(50);
    // The cursor's row: read by primary key, once per use.
    expect(plan.filter((n) => n['Index Name'] === 'conversations_pkey').map((n) => n['Actual Rows'])).toEqual([1, 1]);
  });

  it('lists conversations needing titles through the same index, stopping at the limit', async () => {
    const plan = await explain(LIST_NEEDING_TITLES, [10]);
    const scan = plan.find((n) => n['Relation Name'] === 'conversations')!;
    expect(plan.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(scan['Index Name']).toBe('idx_conversations_updated_at_id');
    // Two of every three need a title, so the scan stops long before the end of the table.
    expect(scan['Actual Rows']).toBeLessThanOrEqual(15);
  });

  it('loads one conversation and its entries by index', async () => {
    const plan = await explain(LOAD_CONVERSATION, ['c4242', DOCUMENT_LIMITS.maxBytes]);
    expect(plan.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    // An index scan, or a bitmap heap scan fed by an index: either reads only this conversation's rows.
    const entries = plan.find((n) => n['Relation Name'] === 'conversation_entries')!;
    expect(['Index Scan', 'Bitmap Heap Scan']).toContain(entries['Node Type']);
    expect(plan.map((n) => n['Index Name'])).toContainEqual(
      expect.stringMatching(/^idx_conversation_entries_(sequence|conversation_id)$/),
    );
    expect(entries['Actual Rows']).toBe(ENTRIES_EACH);
  });
});
