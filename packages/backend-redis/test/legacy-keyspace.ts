import { LEGACY_COST_STATS } from '@infer/core/testing';
import type { Redis } from 'ioredis';

/**
 * A keyspace as earlier releases (the Go CLI) wrote it: metadata and entries as Go's encoding/json
 * marshals them (struct field order, RFC 3339 with nanoseconds and offsets, `<`, `>`, `&` escaped,
 * capitalised cost_stats keys, the same as every backend's upgrade tests use, omitempty fields
 * absent), and the index scored with whole Unix seconds (`UpdatedAt.Unix()`). Entries carry fields
 * this project does not model.
 */
export interface LegacyConversation {
  readonly id: string;
  readonly metadataJson: string;
  readonly entriesJson: string;
  /** The integer score an earlier release gave it. */
  readonly score: number;
}

/** What Go's json.Marshal does to a string that JSON.stringify leaves alone. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function entry(role: string, content: unknown, extra: Record<string, unknown> = {}) {
  return {
    message: { role, content, x_sdk_field: { nested: [1, 'two', null] } },
    model: 'anthropic/claude-sonnet-4',
    time: '2025-12-19T18:23:19.123456789+02:00',
    hidden: false,
    ...extra,
  };
}

function legacy(
  id: string,
  updatedAt: string,
  metadata: Record<string, unknown>,
  entries: unknown[],
): LegacyConversation {
  const full = {
    id,
    title: `Legacy ${id}`,
    created_at: '2025-12-01T08:00:00.000000001Z',
    updated_at: updatedAt,
    message_count: entries.length,
    token_stats: {
      total_input_tokens: 1200,
      total_output_tokens: 345,
      total_tokens: 1545,
      request_count: 3,
      last_input_tokens: 600,
    },
    ...metadata,
  };
  return {
    id,
    metadataJson: goJson(full),
    entriesJson: goJson(entries),
    score: Math.floor(Date.parse(updatedAt) / 1000),
  };
}

export const LEGACY_CONVERSATIONS: readonly LegacyConversation[] = [
  legacy(
    'd9f1c1a2-0000-4000-8000-000000000003',
    '2025-12-20T09:15:42.123456789+02:00',
    {
      cost_stats: LEGACY_COST_STATS,
      model: 'anthropic/claude-sonnet-4',
      tags: ['refactor', 'go'],
      summary: 'Rewrote the parser <fast> & safe',
      optimized_messages: [entry('user', 'summarised history')],
      title_generated: true,
      title_generation_time: '2025-12-20T09:16:00.5+02:00',
      context_id: 'ctx-7',
    },
    [
      entry('system', 'You are an assistant.'),
      entry(
        'user',
        [
          { type: 'text', text: 'is a < b && c > d?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
        ],
        {
          images: [{ data: 'AAAA', mime_type: 'image/png' }],
        },
      ),
      entry('assistant', '', {
        message: {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"file":"a.go"}' } }],
          reasoning: 'look first',
        },
        tool_execution: { ToolName: 'Read', Success: true, Duration: 1500000 },
        pending_tool_call: null,
        tool_approval_status: 'approved',
        x_future_entry_field: { kept: true },
      }),
    ],
  ),
  legacy(
    'd9f1c1a2-0000-4000-8000-000000000002',
    '2025-12-19T18:23:19.5Z',
    { title: 'untitled draft', model: 'openai/gpt-4o' },
    [entry('user', 'hello'), entry('assistant', 'hi')],
  ),
  legacy(
    'd9f1c1a2-0000-4000-8000-000000000001',
    '2025-12-01T09:00:00+01:00',
    { tags: ['old'], title_invalidated: true },
    [entry('user', 'only one')],
  ),
];

/** Writes the conversations with the commands an earlier release sent (SET, SET, ZADD). */
export async function writeLegacyKeyspace(client: Redis, conversations = LEGACY_CONVERSATIONS): Promise<void> {
  for (const c of conversations) {
    await client.set(`conversation:${c.id}`, c.metadataJson);
    await client.set(`conversation:${c.id}:entries`, c.entriesJson);
    await client.zadd('conversations:index', c.score, c.id);
  }
}
