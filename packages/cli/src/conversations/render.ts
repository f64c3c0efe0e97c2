import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  type JsonValue,
  counted,
} from '@infer/core';
import type { Table } from '../output/table.js';
import { visible } from '../output/visible.js';

/** What every view shows for a conversation without a title (the JSON documents keep the stored value). */
const UNTITLED = '(untitled)';

/**
 * `infer conversations list`: a table of id, title, updated, messages, tokens. On a narrow terminal
 * the title gives way (the full title is in `show` and `--json`); the id and time are never cut.
 */
export function summaryTable(summaries: readonly ConversationSummary[]): Table {
  return {
    headers: ['ID', 'TITLE', 'UPDATED', 'MESSAGES', 'TOKENS'],
    uncut: ['ID', 'UPDATED'],
    rows: summaries.map((s) => [
      textOf(s.id),
      titleOf(s),
      textOf(s.updated_at),
      countText(messageCount(s)),
      countText(totalTokens(s)),
    ]),
  };
}

/**
 * What `show` and the markdown export say about a conversation, as label and value pairs, each value
 * {@link visible} on one line; fields without a value are left out.
 */
export function metadataFacts(metadata: ConversationMetadata): [string, string][] {
  const stats = metadata.token_stats;
  const cost = metadata.cost_stats;
  const facts: [string, unknown][] = [
    ['ID', metadata.id],
    ['Created', metadata.created_at],
    ['Updated', metadata.updated_at],
    ['Messages', messageCount(metadata)],
    ['Model', metadata.model],
    [
      'Tokens',
      stats &&
        `${countText(stats.total_input_tokens)} in, ${countText(stats.total_output_tokens)} out, ` +
          `${countText(totalTokens(metadata))} total` +
          (typeof stats.request_count === 'number' ? `, ${counted(stats.request_count, 'request')}` : ''),
    ],
    [
      'Cost',
      cost?.TotalCost === undefined
        ? undefined
        : `${textOf(cost.TotalCost)}${cost.Currency ? ` ${textOf(cost.Currency)}` : ''}`,
    ],
    ['Tags', Array.isArray(metadata.tags) ? metadata.tags.map(textOf).join(', ') : metadata.tags],
    ['Summary', metadata.summary],
  ];
  return facts.flatMap(([label, value]) =>
    value === undefined || value === null || value === '' ? [] : [[label, visible(textOf(value))]],
  );
}

/** `infer conversations show`: the metadata, then every entry with its role, time and content. */
export function conversationText(conversation: Conversation): string {
  const { metadata } = conversation;
  const entries = entriesOf(conversation);
  const facts = metadataFacts(metadata);
  const width = Math.max(...facts.map(([label]) => label.length)) + 1;
  const lines = [
    visible(titleOf(metadata)),
    ...facts.map(([label, value]) => `  ${`${label}:`.padEnd(width)} ${value}`),
    '',
  ];
  entries.forEach((entry, index) => {
    lines.push(`[${index + 1}] ${entryHeading(entry)}`, indent(entryText(entry)), '');
  });
  if (entries.length === 0) lines.push('(no entries)');
  return lines.join('\n').trimEnd();
}

/** `infer conversations export --format markdown`: the title, the metadata, a section per entry. */
export function conversationMarkdown(conversation: Conversation): string {
  const { metadata } = conversation;
  const entries = entriesOf(conversation);
  const lines = [`# ${visible(titleOf(metadata))}`, ''];
  for (const [label, value] of metadataFacts(metadata)) lines.push(`- **${label}:** ${oneLineText(value)}`);
  lines.push('');
  entries.forEach((entry, index) => {
    lines.push(`## ${index + 1}. ${entryHeading(entry)}`, '', entryText(entry), '');
  });
  return `${lines.join('\n').trimEnd()}\n`;
}

/** `User`, then the model, the time and `hidden` when present; one {@link visible} line. */
function entryHeading(entry: ConversationEntry): string {
  const role = textOf(entry.message?.role) || 'unknown';
  const details = [entry.model, entry.time, entry.hidden ? 'hidden' : undefined].filter(Boolean).map(textOf);
  return visible(`${role.charAt(0).toUpperCase()}${role.slice(1)}${details.length ? ` (${details.join(', ')})` : ''}`);
}

/** The message's text, {@link visible} as a body; content parts that are not text and tool calls are shown as JSON. */
function entryText(entry: ConversationEntry): string {
  const { content, tool_calls: toolCalls, tool_call_id: toolCallId } = entry.message ?? {};
  const parts = Array.isArray(content) ? content.map(partText) : [textOf(content)];
  if (toolCallId) parts.unshift(`(result of tool call ${visible(textOf(toolCallId))})`);
  for (const call of Array.isArray(toolCalls) ? toolCalls : []) parts.push(`Tool call: ${JSON.stringify(call)}`);
  return visible(parts.join('\n').trim(), 'body') || '(empty)';
}

function partText(part: JsonValue): string {
  if (typeof part === 'string') return part;
  if (part !== null && typeof part === 'object' && !Array.isArray(part) && typeof part.text === 'string')
    return part.text;
  return JSON.stringify(part);
}

/**
 * The title on one line (line breaks and other whitespace runs as one space), or {@link UNTITLED}
 * when it is blank: the same in the listing, `show` and the markdown export.
 */
function titleOf(summary: ConversationSummary): string {
  const title = oneLineText(textOf(summary.title));
  return title === '' ? UNTITLED : title;
}

/**
 * How many messages a conversation has, the same in every view: the count its metadata records
 * (`message_count`, kept up to date by the application that writes it). It is what the listing can
 * show without reading every conversation's entries, and what the JSON documents (`--json`, the JSON
 * export) carry; `undefined` when the metadata records none (shown as `-`, or left out).
 */
function messageCount(summary: ConversationSummary): number | undefined {
  const count = summary.message_count;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}

function totalTokens(summary: ConversationSummary): number | undefined {
  const stats = summary.token_stats;
  if (stats?.total_tokens !== undefined) return stats.total_tokens;
  if (stats?.total_input_tokens === undefined && stats?.total_output_tokens === undefined) return undefined;
  return (stats.total_input_tokens ?? 0) + (stats.total_output_tokens ?? 0);
}

const countText = (n: unknown) => (n === undefined || n === null ? '-' : textOf(n));
const oneLineText = (text: string) => text.replace(/\s+/g, ' ').trim();
const indent = (text: string) => text.replace(/^/gm, '    ');

/**
 * A stored value as text, whatever its type: a document written by another program may hold a
 * number where a title belongs, or an object where a content does.
 */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The entries of a stored conversation, none when what is stored there is not a list. */
function entriesOf(conversation: Conversation): ConversationEntry[] {
  return Array.isArray(conversation.entries)
    ? conversation.entries.filter((entry) => entry !== null && typeof entry === 'object')
    : [];
}
