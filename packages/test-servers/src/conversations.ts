import type { Conversation } from '@infer/core';
import { conversation, entry, minimal } from '@infer/core/testing';

/**
 * What the tests store: the full fixture (unknown fields at every level, capitalised cost_stats,
 * an offset timestamp), one with content parts and tool calls, and `plain` minimal ones.
 */
export function seedConversations(plain: number): Conversation[] {
  const parts = conversation('parts', { title: 'Parts and tools', updated_at: '2026-01-02T10:00:00Z' }, [
    entry('user', 'ignored', {
      message: {
        role: 'user',
        content: [
          { type: 'text', text: 'Look at this' },
          { type: 'image_url', image_url: { url: 'x' } },
        ],
      },
    }),
    entry('assistant', 'Reading it', {
      message: {
        role: 'assistant',
        content: 'Reading it',
        tool_calls: [{ id: 'call-1', function: { name: 'Read', arguments: '{}' } }],
      },
    }),
    entry('tool', 'file text', {
      message: { role: 'tool', content: 'file text', tool_call_id: 'call-1' },
      hidden: true,
    }),
  ]);
  const padded = (i: number) => String(i).padStart(3, '0');
  const rest = Array.from({ length: plain }, (_, i) =>
    minimal(`plain-${padded(i)}`, new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString()),
  );
  return [conversation('full', { updated_at: '2026-01-03T09:00:00+02:00' }), parts, ...rest];
}
