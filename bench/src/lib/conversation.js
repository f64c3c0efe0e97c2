/**
 * The conversation the storage-ops measure saves, loads and lists: 50 entries in the format of
 * earlier releases (see packages/core/src/testing/fixtures.ts), with tool calls, an offset
 * timestamp, optimized messages and fields no code models, so every backend maps all of it.
 */
export const OPS_ENTRIES = 50;

function entry(i) {
  const role = i % 2 ? 'assistant' : 'user';
  const second = String(i % 60).padStart(2, '0');
  return {
    message: {
      role,
      content:
        `${role === 'user' ? 'Question' : 'Answer'} ${i}: ` +
        `${'lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4)}Héllo 世界 👋`,
      x_message_field: { nested: [1, 'two', null] },
    },
    model: 'openai/gpt-4o',
    time: `2025-12-19T18:${String(Math.floor(i / 60) + 10).padStart(2, '0')}:${second}.123456789+02:00`,
    hidden: false,
    ...(i % 10 === 9 ? { tool_execution: { name: 'Read', ok: true, args: { path: `/tmp/file-${i}.txt` } } } : {}),
  };
}

export function benchConversation(id, entryCount = OPS_ENTRIES) {
  const entries = Array.from({ length: entryCount }, (_, i) => entry(i));
  return {
    metadata: {
      id,
      title: `Bench conversation ${id}`,
      created_at: '2025-12-19T18:10:00Z',
      updated_at: '2025-12-19T18:25:00+02:00',
      message_count: entryCount,
      token_stats: {
        total_input_tokens: 12000,
        total_output_tokens: 4500,
        total_tokens: 16500,
        request_count: 25,
        last_input_tokens: 800,
      },
      cost_stats: {
        TotalCost: 0.123,
        TotalInputCost: 0.1,
        TotalOutputCost: 0.023,
        PerModelStats: { 'openai/gpt-4o': { TotalCost: 0.123 } },
        Currency: 'USD',
      },
      model: 'openai/gpt-4o',
      tags: ['work', 'ünïcode'],
      summary: 'A long chat.',
      optimized_messages: entries.slice(-4),
      title_generated: true,
      title_invalidated: false,
      title_generation_time: '2025-12-19T18:24:00Z',
      context_id: 'ctx-42',
      x_metadata_field: { from: 'a newer release' },
    },
    entries,
  };
}

/** JSON with object keys sorted at every level: PostgreSQL's JSONB does not keep their order. */
export function canonical(value) {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
