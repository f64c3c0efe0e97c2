/**
 * Domain types. They are the JSON shapes that earlier releases wrote to users' disks
 * (snake_case, RFC 3339 timestamps kept as text so offsets survive), see `schema-001.md`.
 * Every object is open: fields this code does not model are kept and written back unchanged.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Open object: modelled fields plus anything else a newer or older writer put there. */
export interface Extensible {
  [key: string]: unknown;
}

export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';

export interface Message extends Extensible {
  role: MessageRole;
  /** Plain text, or an array of content parts (text, image...). */
  content: string | JsonValue[];
  tool_calls?: JsonValue[];
  tool_call_id?: string;
  reasoning?: string;
}

export interface ConversationEntry extends Extensible {
  message: Message;
  model?: string;
  /** RFC 3339 with fractional seconds. */
  time?: string;
  hidden?: boolean;
  images?: JsonValue[];
  tool_execution?: JsonValue;
  pending_tool_call?: JsonValue;
  tool_approval_status?: string;
}

export interface TokenStats extends Extensible {
  total_input_tokens?: number;
  total_output_tokens?: number;
  total_tokens?: number;
  request_count?: number;
  last_input_tokens?: number;
}

/** Earlier releases wrote these keys capitalised; they are kept as written. */
export interface CostStats extends Extensible {
  TotalCost?: number;
  TotalInputCost?: number;
  TotalOutputCost?: number;
  PerModelStats?: Record<string, JsonValue>;
  Currency?: string;
}

export interface ConversationMetadata extends Extensible {
  id: string;
  title: string;
  /** RFC 3339, e.g. `2025-12-19T18:23:19Z` or with an offset `+02:00`. */
  created_at: string;
  updated_at: string;
  message_count?: number;
  token_stats?: TokenStats;
  cost_stats?: CostStats;
  model?: string;
  tags?: string[];
  summary?: string;
  optimized_messages?: ConversationEntry[];
  title_generated?: boolean;
  title_invalidated?: boolean;
  title_generation_time?: string;
  context_id?: string;
}

/** A whole conversation as saved and loaded: its metadata and its entries in order. */
export interface Conversation {
  metadata: ConversationMetadata;
  entries: ConversationEntry[];
}

/** What listings return: the metadata without entries or optimized messages. */
export type ConversationSummary = {
  // Not `Omit`: over a type with an index signature it would drop every named field (title: unknown).
  [K in keyof ConversationMetadata as K extends 'optimized_messages' ? never : K]: ConversationMetadata[K];
};

/** The summary of a conversation's metadata (listing shape). */
export function toSummary(metadata: ConversationMetadata): ConversationSummary {
  const { optimized_messages: _omitted, ...summary } = metadata;
  return summary;
}

/** Milliseconds since the epoch of an RFC 3339 timestamp; NaN when it does not parse. */
export function instantOf(timestamp: string): number {
  return Date.parse(timestamp);
}

/** True when a conversation's title still has to be generated (earlier releases' rule). */
export function needsTitle(metadata: ConversationMetadata, entryCount: number): boolean {
  return (metadata.title_generated !== true || metadata.title_invalidated === true) && entryCount >= 2;
}
