import type { ConversationEntry, ConversationMetadata } from '@infer/core';

/**
 * Parses a stored JSON value. Values are stored whole, exactly as given, so unknown fields and
 * timestamp offsets come back unchanged; a value that is not JSON is reported with its key.
 */
export function parseStored<T extends ConversationMetadata | ConversationEntry[]>(key: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SyntaxError(`Redis key ${key} does not hold JSON (${(error as Error).message}); it was not written by infer`);
  }
}
