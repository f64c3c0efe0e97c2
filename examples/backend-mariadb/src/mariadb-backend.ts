import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  type ListOptions,
  type Migration,
  type MigrationEventListener,
  type MigrationStatusEntry,
  Migrator,
  NotFoundError,
  type OpenOptions,
  mergeMigrations,
} from '@infer/core';
import { BaseStorageBackend, migrateOnOpen, toSummary } from '@infer/core/kit';
import { type MariadbConfig, type MariadbConfigInput, parseMariadbConfig } from './config.js';
import { MariadbConnection } from './connection.js';
import { MariadbMigrationDriver } from './migration-driver.js';
import { mariadbMigrations } from './migrations.js';
import * as sql from './queries.js';

export interface MariadbBackendOptions extends OpenOptions {
  /** Connection settings (`storage.mariadb`); missing keys take their defaults. */
  readonly config?: MariadbConfigInput;
}

/** Entries per INSERT: keeps one statement well under max_allowed_packet for long conversations. */
const ENTRIES_PER_INSERT = 200;

/**
 * Conversations in MariaDB or MySQL: one `conversations` row each (the metadata document plus the
 * columns queries use) and one `conversation_entries` row per entry, numbered from 0.
 * `transactionalDdl: false`: MariaDB commits every DDL statement at once (see the README).
 */
export class MariadbBackend extends BaseStorageBackend {
  readonly type = 'mariadb';
  readonly #connection: MariadbConnection;
  readonly #lockTimeoutSeconds: number;
  readonly #migrations: readonly Migration[];

  private constructor(config: MariadbConfig, migrations: readonly Migration[]) {
    super({ transactionalDdl: false, migrations: true });
    this.#connection = new MariadbConnection(config);
    this.#lockTimeoutSeconds = config.lock_timeout;
    this.#migrations = migrations;
  }

  /** Opens the backend and applies pending migrations unless `migrate: false` (then nothing connects yet). */
  static async open(options: MariadbBackendOptions = {}): Promise<MariadbBackend> {
    const migrations = mergeMigrations(mariadbMigrations, options.migrations);
    const backend = new MariadbBackend(parseMariadbConfig(options.config), migrations);
    return migrateOnOpen(backend, (onEvent) => backend.migrator(onEvent), options);
  }

  /** The migration engine bound to this backend's pool, the shipped migrations and the application's. */
  migrator(onEvent?: MigrationEventListener): Migrator {
    const driver = new MariadbMigrationDriver(this.#connection, { lockTimeoutSeconds: this.#lockTimeoutSeconds });
    return new Migrator({ driver, migrations: this.#migrations, onEvent });
  }

  override async migrationStatus(): Promise<MigrationStatusEntry[]> {
    this.assertOpen();
    return this.migrator().status();
  }

  /** Replaces the conversation in one transaction: upsert its row (which locks it), then its entries. */
  async save({ metadata, entries }: Conversation): Promise<void> {
    this.assertOpen();
    await this.#connection.transaction(async (tx) => {
      await tx.run(sql.UPSERT_CONVERSATION, [...sql.columnValues(metadata), entries.length]);
      await tx.run(sql.DELETE_ENTRIES, [metadata.id]);
      const rows = sql.entryRows(metadata, entries);
      for (let start = 0; start < rows.length; start += ENTRIES_PER_INSERT) {
        await tx.run(sql.INSERT_ENTRIES, [rows.slice(start, start + ENTRIES_PER_INSERT)]);
      }
    });
  }

  /** Row and entries read in one transaction, so from one snapshot. */
  async load(id: string): Promise<Conversation> {
    this.assertOpen();
    return this.#connection.transaction(async (tx) => {
      const [row] = await tx.query<{ metadata: unknown; optimized_messages: unknown }>(sql.LOAD_CONVERSATION, [id]);
      if (!row) throw new NotFoundError(id);
      const entries = await tx.query<{ entry_data: unknown }>(sql.LOAD_ENTRIES, [id]);
      const metadata = sql.parseJson<ConversationMetadata>(row.metadata);
      if (row.optimized_messages !== null)
        metadata.optimized_messages = sql.parseJson<ConversationEntry[]>(row.optimized_messages);
      return { metadata, entries: entries.map((entry) => sql.parseJson<ConversationEntry>(entry.entry_data)) };
    });
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset } = MariadbBackend.page(options);
    return this.#summaries(sql.LIST_CONVERSATIONS, [limit, offset]);
  }

  async delete(id: string): Promise<void> {
    this.assertOpen();
    if ((await this.#connection.run(sql.DELETE_CONVERSATION, [id])) === 0) throw new NotFoundError(id);
  }

  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    this.assertOpen();
    const [, ...rest] = sql.columnValues(metadata);
    if ((await this.#connection.run(sql.UPDATE_METADATA, [...rest, id])) === 0) throw new NotFoundError(id);
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    return this.#summaries(sql.LIST_NEEDING_TITLES, [Math.max(0, Math.trunc(limit))]);
  }

  /** A round trip to the server; a failure to connect is the pool's one-line `ConnectionError`. */
  async health(): Promise<void> {
    this.assertOpen();
    await this.#connection.query('SELECT 1');
  }

  protected async onClose(): Promise<void> {
    await this.#connection.end();
  }

  async #summaries(text: string, values: unknown[]): Promise<ConversationSummary[]> {
    const documents = await this.#connection.query<{ metadata: unknown }>(text, values);
    return documents.map(({ metadata }) => toSummary(sql.parseJson<ConversationMetadata>(metadata)));
  }
}
