import {
  type Conversation,
  DOCUMENT_LIMITS,
  ErrorCode,
  InferError,
  type StorageBackend,
  assertDepthWithinLimit,
} from '@infer/core';

/** The documented limits in the units help and messages give them: levels of nesting, MiB of stored JSON. */
export const LIMITS = Object.freeze({
  levels: DOCUMENT_LIMITS.maxDepth,
  mebibytes: DOCUMENT_LIMITS.maxBytes / 2 ** 20,
});

/** Ids a message names before it says how many more there are. */
const SHOWN = 5;

/**
 * The error a command ends with after doing its work on every other conversation (`list`,
 * `storage copy`): these stored conversations are beyond the documented limits and were left out.
 */
export function leftOutError(ids: readonly string[], action: 'listed' | 'copied'): InferError {
  const shown = ids.slice(0, SHOWN).join(', ') + (ids.length > SHOWN ? `, and ${ids.length - SHOWN} more` : '');
  const one = ids.length === 1;
  return new InferError(
    ErrorCode.DocumentLimit,
    `${ids.length} stored ${one ? 'conversation is' : 'conversations are'} beyond the documented limits ` +
      `(nested deeper than ${LIMITS.levels} levels, stored as more than ${LIMITS.mebibytes} MiB, or not as valid ` +
      `JSON), so ${one ? 'it was' : 'they were'} not ${action} (the others were): ${shown}`,
    {
      hint:
        `fix or remove ${one ? 'it' : 'them'} with the application that wrote ${one ? 'it' : 'them'}, or delete ` +
        `${one ? 'it' : 'each'} with "infer conversations delete <id> --yes"`,
    },
  );
}

/**
 * A conversation to render or copy, checked against the depth limit here too: a plugin's backend
 * may not check it, and rendering and copying walk the document.
 */
export async function loadWithinLimits(backend: StorageBackend, id: string): Promise<Conversation> {
  const conversation = await backend.load(id);
  assertDepthWithinLimit(id, conversation.metadata, conversation.entries);
  return conversation;
}
