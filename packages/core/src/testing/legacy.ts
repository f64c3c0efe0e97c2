import type { ConversationEntry, CostStats } from '../domain/conversation.js';

/**
 * Conversation parts exactly as earlier releases (the Go CLI) serialised them, for upgrade-in-place
 * tests of any backend: entries with fields this project does not model at every level, and
 * `cost_stats` with the capitalised keys of Go's struct fields.
 */

/** Entries with fields this project does not model, at every level. Go always wrote `time`. */
export const LEGACY_ENTRIES: readonly ConversationEntry[] = [
  {
    message: { role: 'system', content: 'You are a helpful assistant.' },
    time: '2025-12-19T18:23:19.1234567Z',
    hidden: true,
  },
  {
    message: {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      ],
    },
    time: '2025-12-19T18:23:20.5+02:00',
    images: [{ mime_type: 'image/png', data: 'AAAA' }],
    future_field_from_go: { nested: { deeper: [1, 2.5, 'x', null, true] } },
  },
  {
    message: {
      role: 'assistant',
      content: '',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Read', arguments: '{"path":"a.txt"}' } }],
      reasoning: 'Need to read the file.',
      reasoning_details: [{ type: 'summary', text: 'unmodelled' }],
    },
    model: 'anthropic/claude-sonnet-4',
    time: '2025-12-19T18:23:21Z',
    pending_tool_call: null,
    tool_approval_status: 'approved',
  },
  {
    message: { role: 'tool', content: 'file contents', tool_call_id: 'call_1' },
    time: '2025-12-19T18:23:22Z',
    tool_execution: { tool_name: 'Read', success: true, duration: 1500000 },
  },
];

export const LEGACY_COST_STATS: CostStats = {
  TotalCost: 0.00321,
  TotalInputCost: 0.0021,
  TotalOutputCost: 0.00111,
  PerModelStats: {
    'anthropic/claude-sonnet-4': {
      InputTokens: 700,
      OutputTokens: 74,
      InputCost: 0.0021,
      OutputCost: 0.00111,
      TotalCost: 0.00321,
      RequestCount: 1,
    },
  },
  Currency: 'USD',
};
