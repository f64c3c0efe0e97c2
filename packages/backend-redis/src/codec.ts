import type { ConversationEntry, ConversationMetadata } from '@infer/core';
import { parseStoredJson } from '@infer/core/kit';

/**
 * Parses a stored JSON value of conversation `id`. Values are stored whole, exactly as given, so
 * unknown fields and timestamp offsets come back unchanged; a value that is not JSON is core's
 * `DocumentLimitError` naming the conversation and its key.
 */
export function parseStored<T extends ConversationMetadata | ConversationEntry[]>(
  id: string,
  key: string,
  text: string,
): T {
  return parseStoredJson<T>(id, text, `Redis key ${key}`);
}
