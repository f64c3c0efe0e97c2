import type { Conversation, ConversationMetadata, ConversationSummary } from '../domain/conversation.js';
import { ClosedError, ConfigurationError } from '../errors.js';
import type { MigrationStatusEntry } from '../migrations/migration.js';
import { type BackendCapabilities, capabilitiesOf } from './capabilities.js';
import type { ListOptions, StorageBackend } from './storage-backend.js';

export const DEFAULT_LIST_LIMIT = 50;

/**
 * Defaults for the parts of {@link StorageBackend} that most backends share: capabilities, an
 * empty migration status, list option defaults and the closed state. Extending it keeps a
 * backend source-compatible when the contract gains a capability.
 */
export abstract class BaseStorageBackend implements StorageBackend {
  abstract readonly type: string;
  readonly capabilities: BackendCapabilities;
  #closed = false;

  protected constructor(capabilities: Partial<BackendCapabilities> = {}) {
    this.capabilities = capabilitiesOf(capabilities);
  }

  abstract save(conversation: Conversation): Promise<void>;
  abstract load(id: string): Promise<Conversation>;
  abstract list(options?: ListOptions): Promise<ConversationSummary[]>;
  abstract delete(id: string): Promise<void>;
  abstract updateMetadata(id: string, metadata: ConversationMetadata): Promise<void>;
  abstract listNeedingTitles(limit: number): Promise<ConversationSummary[]>;
  abstract health(): Promise<void>;

  async migrationStatus(): Promise<MigrationStatusEntry[]> {
    return [];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.onClose();
  }

  /** Releases the backend's resources; called once by {@link close}. */
  protected abstract onClose(): Promise<void>;

  protected get closed(): boolean {
    return this.#closed;
  }

  /** Throws `ClosedError` once the backend is closed; call it first in every operation. */
  protected assertOpen(): void {
    if (this.#closed) throw new ClosedError(this.type);
  }

  /**
   * `limit` and `offset` with their defaults, as non-negative integers, and `after` as given.
   * Throws `ConfigurationError` for `after` with an offset other than 0: a page is found one way.
   */
  protected static page(options: ListOptions = {}): { limit: number; offset: number; after: string | undefined } {
    const limit = Math.max(0, Math.trunc(options.limit ?? DEFAULT_LIST_LIMIT));
    const offset = Math.max(0, Math.trunc(options.offset ?? 0));
    if (options.after !== undefined && offset !== 0) {
      throw new ConfigurationError('list options "after" and "offset" cannot be used together', {
        hint: 'page with "after" (the last id of the previous page) or with "offset", not both',
      });
    }
    return { limit, offset, after: options.after };
  }
}
