import {
  type Conversation,
  type ConversationMetadata,
  type ConversationSummary,
  type ListOptions,
  NotFoundError,
  type OpenOptions,
  assertDepthWithinLimit,
  instantOf,
} from '@infer/core';
import { BaseStorageBackend, needsTitle, toSummary } from '@infer/core/kit';
import type { MemoryConfigInput } from './config-schema.js';
import { memoryIdentity } from './identity.js';

export interface MemoryBackendOptions extends OpenOptions {
  /** `storage.memory`: an empty section, checked like a configured one. */
  readonly config?: MemoryConfigInput;
}

interface Stored {
  readonly metadata: ConversationMetadata;
  readonly entries: Conversation['entries'];
}

/**
 * Conversations in a `Map`, for tests and ephemeral sessions. Everything is deep-copied on the way
 * in and out, so callers can never alias stored state, as with a real store.
 */
export class MemoryBackend extends BaseStorageBackend {
  readonly type = memoryIdentity.type;
  readonly #conversations = new Map<string, Stored>();

  private constructor() {
    super(memoryIdentity.capabilities);
  }

  /**
   * A new, empty store. The open options every backend takes mean nothing here: there is no schema
   * to migrate, nothing to create, and a read-only store simply stays empty.
   */
  static async open(options: MemoryBackendOptions = {}): Promise<MemoryBackend> {
    if (options.config !== undefined) (await import('./config-schema.js')).parseMemoryConfig(options.config);
    return new MemoryBackend();
  }

  async save(conversation: Conversation): Promise<void> {
    this.assertOpen();
    this.#conversations.set(conversation.metadata.id, structuredClone(conversation));
  }

  /**
   * Refuses a conversation nested deeper than core's DOCUMENT_LIMITS before copying it (its size is not text here: no
   * limit).
   */
  async load(id: string): Promise<Conversation> {
    const stored = this.#get(id);
    assertDepthWithinLimit(id, stored.metadata, stored.entries);
    return structuredClone(stored);
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset, after } = MemoryBackend.page(options);
    const listing = this.#newestFirst([...this.#conversations.values()]);
    let start = offset;
    if (after !== undefined) {
      start = listing.findIndex((c) => c.metadata.id === after) + 1;
      if (start === 0) throw NotFoundError.pageCursor(after);
    }
    return listing.slice(start, start + limit).map((stored) => toSummary(structuredClone(stored.metadata)));
  }

  async delete(id: string): Promise<void> {
    this.#get(id);
    this.#conversations.delete(id);
  }

  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    const { entries } = this.#get(id);
    this.#conversations.set(id, { metadata: structuredClone(metadata), entries });
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    const candidates = [...this.#conversations.values()].filter((c) => needsTitle(c.metadata, c.entries.length));
    return this.#newestFirst(candidates)
      .slice(0, Math.max(0, limit))
      .map((stored) => toSummary(structuredClone(stored.metadata)));
  }

  async health(): Promise<void> {
    this.assertOpen();
  }

  protected async onClose(): Promise<void> {
    this.#conversations.clear();
  }

  #get(id: string): Stored {
    this.assertOpen();
    const stored = this.#conversations.get(id);
    if (!stored) throw new NotFoundError(id);
    return stored;
  }

  #newestFirst(conversations: Stored[]): Stored[] {
    const key = (c: Stored) => instantOf(c.metadata.updated_at);
    return conversations.sort((a, b) => key(b) - key(a) || a.metadata.id.localeCompare(b.metadata.id));
  }
}
