import type { Conversation, ConversationMetadata, ConversationSummary } from '../domain/conversation.js';
import type { MigrationStatusEntry } from '../migrations/migration.js';
import type { BackendCapabilities } from './capabilities.js';

export interface ListOptions {
  /** At most this many summaries. Default 50. */
  readonly limit?: number;
  /** Skip this many of the newest first. Default 0. */
  readonly offset?: number;
  /**
   * Keyset paging: the id of the last summary of the previous page; the page is the summaries that
   * come after it in the listing order, as `offset` would continue when nothing changed in between,
   * but as fast deep in the store as at its start. Only with `capabilities.keysetPagination`; with
   * an `offset` other than 0 it is refused (`ConfigurationError`), and an id no longer stored throws
   * `NotFoundError`.
   */
  readonly after?: string;
}

/**
 * The contract every storage backend fulfils; the shared test suite in `@infer/core/testing`
 * checks it. Failures are typed: a missing conversation is a `NotFoundError` (code `E_NOT_FOUND`)
 * from every backend, and a backend that cannot reach its store throws a `ConnectionError`.
 */
export interface StorageBackend {
  /** The configuration name of the backend, e.g. `sqlite`. */
  readonly type: string;
  readonly capabilities: BackendCapabilities;

  /**
   * Creates or replaces the conversation `conversation.metadata.id`. The metadata and every entry
   * are stored as given, fields this code does not model included.
   */
  save(conversation: Conversation): Promise<void>;

  /** The conversation as it was saved. Throws `NotFoundError` when there is none. */
  load(id: string): Promise<Conversation>;

  /**
   * Summaries, most recently updated first by instant (whatever the UTC offset of the timestamp),
   * conversations updated at the same instant in a stable order, so that pages never overlap.
   */
  list(options?: ListOptions): Promise<ConversationSummary[]>;

  /** Removes the conversation and everything stored with it. Throws `NotFoundError` when there is none. */
  delete(id: string): Promise<void>;

  /** Replaces the metadata, keeping the entries. Throws `NotFoundError` when there is none. */
  updateMetadata(id: string, metadata: ConversationMetadata): Promise<void>;

  /**
   * Conversations whose title is still to be generated (not generated yet, or invalidated) and
   * that have at least two entries, most recently updated first.
   */
  listNeedingTitles(limit: number): Promise<ConversationSummary[]>;

  /** Resolves when the store answers a round trip; throws a `ConnectionError` otherwise. */
  health(): Promise<void>;

  /** Applied, pending and unknown schema versions; empty for a backend without migrations. */
  migrationStatus(): Promise<MigrationStatusEntry[]>;

  /** Releases connections and handles. Idempotent; other calls afterwards throw `ClosedError`. */
  close(): Promise<void>;
}
