import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  ConnectionError,
  DOCUMENT_LIMITS,
  ErrorCode,
  type ListOptions,
  type MigrationEventListener,
  Migrator,
  NotFoundError,
  type OpenOptions,
  assertDepthWithinLimit,
  isInferError,
  mergeMigrations,
  messageOf,
} from '@infer/core';
import {
  MigratingStorageBackend,
  type ConnectionPool,
  assertSizeWithinLimit,
  conversationColumnValues,
  entryTimes,
  keysetPage,
  migrateOnOpen,
  toSummary,
} from '@infer/core/kit';
import { type PostgresConfig, type PostgresConfigInput, parsePostgresConfig } from './config.js';
import { PostgresConnection } from './connection.js';
import { PostgresMigrationDriver, lockWaitsOf } from './migration-driver.js';
import { postgresMigrations } from './migrations.js';
import { isStorableId, restored, storable } from './nul.js';
import type { PgPool, PgPoolClient } from './pg-types.js';
import * as sql from './queries.js';
import { COLUMN_ENCODING, type ConversationRow, fromRow } from './row-mapping.js';
import { assertStorable } from './values.js';
import { postgresIdentity } from './identity.js';

export interface PostgresBackendOptions extends OpenOptions {
  /**
   * Connection settings (`storage.postgres`, as in a configuration file); missing keys take their
   * defaults. With `client`, only the lock settings (`lock_mode`, `lock_timeout`, `migration_lock_*`) are used.
   */
  readonly config?: PostgresConfigInput;
  /** Bring your own `pg.Pool` (or any compatible pool); the backend never ends it. */
  readonly client?: PgPool;
}

/**
 * Conversations in PostgreSQL, in the schema earlier releases created: one `conversations` row
 * each (metadata as columns and JSONB, plus the full document since migration 003) and one
 * `conversation_entries` row per entry, numbered from 0. The pool connects on first use.
 */
export class PostgresBackend extends MigratingStorageBackend {
  readonly type = postgresIdentity.type;
  readonly #connection: PostgresConnection;
  /** Storage statements, each answered within `query_timeout`. */
  readonly #storage: ConnectionPool<PgPool, PgPoolClient>;
  readonly #config: PostgresConfig;
  readonly #migrations: ReturnType<typeof mergeMigrations>;

  private constructor(config: PostgresConfig, options: PostgresBackendOptions) {
    super(postgresIdentity.capabilities);
    this.#connection = options.client
      ? PostgresConnection.fromPool(options.client)
      : PostgresConnection.fromConfig(config);
    this.#storage = this.#connection.storage;
    this.#config = config;
    this.#migrations = mergeMigrations(postgresMigrations, options.migrations);
  }

  /** Opens the backend and applies pending migrations unless `migrate: false` (then nothing connects yet). */
  static async open(options: PostgresBackendOptions = {}): Promise<PostgresBackend> {
    const backend = new PostgresBackend(parsePostgresConfig(options.config), options);
    return migrateOnOpen(backend, (onEvent) => backend.migrator(onEvent), options);
  }

  /** The migration engine bound to this backend's connection, the shipped migrations and the application's. */
  migrator(onEvent?: MigrationEventListener): Migrator {
    const { lock_mode: lockMode, lock_timeout: lockTimeoutSeconds } = this.#config;
    const lockWaits = lockWaitsOf(this.#config);
    const driver = new PostgresMigrationDriver(this.#connection, { lockMode, lockTimeoutSeconds, lockWaits });
    return new Migrator({ driver, migrations: this.#migrations, onEvent });
  }

  /** Replaces the conversation in one transaction: upsert its row (which locks it), then its entries. */
  async save({ metadata, entries }: Conversation): Promise<void> {
    this.assertOpen();
    assertStorable(metadata.id, metadata);
    const row = [...conversationColumnValues(metadata, COLUMN_ENCODING), entries.length];
    const entryRows =
      entries.length > 0
        ? [metadata.id, JSON.stringify(entries.map(storable)), entryTimes(entries, metadata.updated_at)]
        : undefined;
    await this.#storage.transaction(async (tx) => {
      await tx.run(sql.UPSERT_CONVERSATION, row);
      await tx.run(sql.DELETE_ENTRIES, [metadata.id]);
      if (entryRows) await tx.run(sql.INSERT_ENTRIES, entryRows);
    });
  }

  /**
   * Refuses a conversation beyond core's DOCUMENT_LIMITS: by its size before it is sent, by its depth before it is
   * read.
   */
  async load(id: string): Promise<Conversation> {
    this.assertOpen();
    if (!isStorableId(id)) throw new NotFoundError(id);
    type LoadRow = ConversationRow & {
      stored_bytes: number;
      optimized_messages: ConversationEntry[] | null;
      entries: ConversationEntry[];
    };
    const [row] = await this.#storage.query<LoadRow>(sql.LOAD_CONVERSATION, [id, DOCUMENT_LIMITS.maxBytes]);
    if (!row) throw new NotFoundError(id);
    assertSizeWithinLimit(id, row.stored_bytes);
    assertDepthWithinLimit(id, row.metadata, row.optimized_messages, row.entries);
    const metadata = fromRow(row);
    if (row.optimized_messages !== null) metadata.optimized_messages = row.optimized_messages.map(restored);
    return { metadata, entries: row.entries.map(restored) };
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset, after } = PostgresBackend.page(options);
    if (after === undefined) return this.#summaries(sql.LIST_CONVERSATIONS, [limit, offset]);
    if (!isStorableId(after)) throw NotFoundError.pageCursor(after);
    const page = await this.#summaries(sql.LIST_AFTER, [after, limit]);
    return keysetPage(
      after,
      page,
      async () => (await this.#storage.query(sql.CONVERSATION_EXISTS, [after])).length > 0,
    );
  }

  async delete(id: string): Promise<void> {
    this.assertOpen();
    if (!isStorableId(id) || (await this.#storage.run(sql.DELETE_CONVERSATION, [id])) === 0) {
      throw new NotFoundError(id);
    }
  }

  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    this.assertOpen();
    if (!isStorableId(id)) throw new NotFoundError(id);
    assertStorable(id, metadata);
    const [, ...rest] = conversationColumnValues(metadata, COLUMN_ENCODING);
    if ((await this.#storage.run(sql.UPDATE_METADATA, [id, ...rest])) === 0) throw new NotFoundError(id);
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    return this.#summaries(sql.LIST_NEEDING_TITLES, [Math.max(0, Math.trunc(limit))]);
  }

  async health(): Promise<void> {
    this.assertOpen();
    try {
      await this.#storage.query('SELECT 1');
    } catch (error) {
      if (isInferError(error, ErrorCode.Connection)) throw error;
      const { host, port, database } = this.#connection.target;
      throw new ConnectionError(
        `PostgreSQL at ${host}:${port}, database "${database}", is not usable: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  protected async onClose(): Promise<void> {
    await this.#connection.end();
  }

  async #summaries(text: string, values: unknown[]): Promise<ConversationSummary[]> {
    const rows = await this.#storage.query<ConversationRow>(text, values);
    return rows.map((row) => toSummary(fromRow(row)));
  }
}
