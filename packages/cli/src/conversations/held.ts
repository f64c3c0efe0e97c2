import { type StorageConfig, messageOf, counted } from '@infer/core';
import { withBackend } from './backend.js';

/** How many conversations a store holds, counted up to `atMost`; `undefined` when they cannot be counted. */
export interface HeldConversations {
  readonly count: number | undefined;
  /** Why they could not be counted. */
  readonly reason?: string;
}

/** Counts the conversations of the configured store, up to `atMost`, through a read-only open. */
export async function heldConversations(config: StorageConfig, atMost: number): Promise<HeldConversations> {
  try {
    return {
      count: await withBackend(config, async (backend) => (await backend.list({ limit: atMost })).length, {
        readOnly: true,
      }),
    };
  } catch (error) {
    return { count: undefined, reason: messageOf(error) };
  }
}

/** `3 conversations`, `1 conversation`, `1000 or more conversations`, or `an unknown number of conversations (...)`. */
export function heldText(held: HeldConversations, atMost: number): string {
  if (held.count === undefined) return `an unknown number of conversations (they could not be counted: ${held.reason})`;
  return held.count >= atMost ? `${atMost} or more conversations` : counted(held.count, 'conversation');
}
