import type { Conversation, ConversationEntry, ConversationMetadata } from '../domain/conversation.js';

/** An entry with fields this code does not model, at every level. */
export function entry(
  role: ConversationEntry['message']['role'],
  content: string,
  extra: Record<string, unknown> = {},
): ConversationEntry {
  return {
    message: { role, content, x_message_field: { nested: [1, 'two', null] } },
    model: 'openai/gpt-4o',
    time: '2025-12-19T18:23:19.123456789+02:00',
    hidden: false,
    x_entry_field: { kept: true },
    ...extra,
  };
}

/**
 * A conversation that exercises the whole format: capitalised `cost_stats`, optimized messages,
 * an offset timestamp, and unknown fields at the top, in nested stats and in entries.
 */
export function conversation(
  id: string,
  overrides: Partial<ConversationMetadata> = {},
  entries?: ConversationEntry[],
): Conversation {
  const body = entries ?? [
    entry('system', 'You are helpful.'),
    entry('user', 'Héllo, 世界! 👋'),
    entry('assistant', 'Hi!', { tool_execution: { name: 'Read', ok: true }, images: [] }),
  ];
  return {
    metadata: {
      id,
      title: `Conversation ${id}`,
      created_at: '2025-12-19T18:23:19Z',
      updated_at: '2025-12-19T18:25:00+02:00',
      message_count: body.length,
      token_stats: {
        total_input_tokens: 120,
        total_output_tokens: 45,
        total_tokens: 165,
        request_count: 2,
        last_input_tokens: 80,
        x_token_field: 7,
      },
      cost_stats: {
        TotalCost: 0.0123,
        TotalInputCost: 0.01,
        TotalOutputCost: 0.0023,
        PerModelStats: { 'openai/gpt-4o': { InputTokens: 120, OutputTokens: 45, TotalCost: 0.0123 } },
        Currency: 'USD',
      },
      model: 'openai/gpt-4o',
      tags: ['work', 'ünïcode'],
      summary: 'A short chat.',
      optimized_messages: [entry('user', 'Héllo (optimized)')],
      title_generated: true,
      title_invalidated: false,
      title_generation_time: '2025-12-19T18:24:00Z',
      context_id: 'ctx-42',
      x_metadata_field: { from: 'a newer release', list: [1, 2, 3] },
      ...overrides,
    },
    entries: body,
  };
}

/** A conversation updated at `updatedAt`, with `entryCount` plain entries. */
export function minimal(
  id: string,
  updatedAt: string,
  metadata: Partial<ConversationMetadata> = {},
  entryCount = 2,
): Conversation {
  const entries = Array.from({ length: entryCount }, (_, i) => entry(i % 2 ? 'assistant' : 'user', `message ${i}`));
  return {
    metadata: {
      id,
      title: `t-${id}`,
      created_at: updatedAt,
      updated_at: updatedAt,
      message_count: entryCount,
      ...metadata,
    },
    entries,
  };
}
