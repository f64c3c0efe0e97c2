import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  ConnectionError,
  DOCUMENT_LIMITS,
  ErrorCode,
  type ListOptions,
  type Migration,
  type MigrationEventListener,
  type MigrationStatusEntry,
  Migrator,
  NotFoundError,
  assertDepthWithinLimit,
  isInferError,
  messageOf,
} from '@infer/core';
import { BaseStorageBackend, migrateOnOpen, assertSizeWithinLimit, toSummary } from '@infer/core/kit';
import { type LockMode, type PostgresConfigInput, parsePostgresConfig } from './config.js';
import { PostgresConnection } from './connection.js';
import { PostgresMigrationDriver } from './migration-driver.js';
import { postgresMigrations } from './migrations.js';
import { isStorableId, restored, storable } from './nul.js';
import type { PgPool } from './pg-types.js';
import { assertStorable } from './values.js';
import * as sql from './queries.js';
import { type ConversationRow, columnValues, entryTimes, fromRow } from './row-mapping.js';

export interface PostgresBackendOptions {
  /**
   * Connection settings (`storage.postgres`); missing keys take their defaults. Used for the lock settings alone when
   * `pool` is given.
   */
  readonly config?: PostgresConfigInput;
  /** Bring your own `pg.Pool` (or any compatible pool); the backend never ends it. */
  readonly pool?: PgPool;
  /** Apply pending migrations while opening. Default `true`. */
  readonly migrate?: boolean;
  readonly onMigrationEvent?: MigrationEventListener;
  /** The application's own migrations, applied after the shipped ones in one sequence. */
  readonly migrations?: readonly Migration[];
}

/**
 * Conversations in PostgreSQL, in the schema earlier releases created: one `conversations` row
 * each (metadata as columns and JSONB, plus the full document since migration 003) and one
 * `conversation_entries` row per entry, numbered from 0. The pool connects on first use.
 */
export class PostgresBackend extends BaseStorageBackend {
  readonly type = 'postgres';
  readonly #connection: PostgresConnection;
  readonly #lock: { lockMode: LockMode; lockTimeoutSeconds: number };
  readonly #migrations: readonly Migration[];

  private constructor(
    connection: PostgresConnection,
    lock: { lockMode: LockMode; lockTimeoutSeconds: number },
    migrations: readonly Migration[],
  ) {
    super({ transactionalDdl: true, migrations: true });
    this.#connection = connection;
    this.#lock = lock;
    this.#migrations = migrations;
  }

  /** Opens the backend and applies pending migrations unless `migrate: false` (then nothing connects yet). */
  static async open(options: PostgresBackendOptions = {}): Promise<PostgresBackend> {
    const config = parsePostgresConfig(options.config);
    const connection = options.pool ? PostgresConnection.fromPool(options.pool) : PostgresConnection.fromConfig(config);
    const lock = { lockMode: config.lock_mode, lockTimeoutSeconds: config.lock_timeout };
    const backend = new PostgresBackend(connection, lock, [...postgresMigrations, ...(options.migrations ?? [])]);
    return migrateOnOpen(backend, (onEvent) => backend.migrator(onEvent), options);
  }

  /** The migration engine bound to this backend's connection, the shipped migrations and the application's. */
  migrator(onEvent?: MigrationEventListener): Migrator {
    const driver = new PostgresMigrationDriver(this.#connection, this.#lock);
    return new Migrator({ driver, migrations: this.#migrations, onEvent });
  }

  override async migrationStatus(): Promise<MigrationStatusEntry[]> {
    this.assertOpen();
    return this.migrator().status();
  }

  /** Replaces the conversation in one transaction: upsert its row (which locks it), then its entries. */
  async save({ metadata, entries }: Conversation): Promise<void> {
    this.assertOpen();
    assertStorable(metadata.id, metadata);
    const row = [...columnValues(metadata), entries.length];
    const entryRows =
      entries.length > 0
        ? [metadata.id, JSON.stringify(entries.map(storable)), entryTimes(entries, metadata.updated_at)]
        : undefined;
    await this.#connection.timedTransaction(async (query) => {
      await query(sql.UPSERT_CONVERSATION, row);
      await query(sql.DELETE_ENTRIES, [metadata.id]);
      if (entryRows) await query(sql.INSERT_ENTRIES, entryRows);
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
    const { rows } = await this.#connection.query<LoadRow>(sql.LOAD_CONVERSATION, [id, DOCUMENT_LIMITS.maxBytes]);
    const row = rows[0];
    if (!row) throw new NotFoundError(id);
    assertSizeWithinLimit(id, row.stored_bytes);
    assertDepthWithinLimit(id, row.metadata, row.optimized_messages, row.entries);
    const metadata = fromRow(row);
    if (row.optimized_messages !== null) metadata.optimized_messages = row.optimized_messages.map(restored);
    return { metadata, entries: row.entries.map(restored) };
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset } = PostgresBackend.page(options);
    return this.#summaries(sql.LIST_CONVERSATIONS, [limit, offset]);
  }

  async delete(id: string): Promise<void> {
    this.assertOpen();
    if (!isStorableId(id)) throw new NotFoundError(id);
    const { rowCount } = await this.#connection.query(sql.DELETE_CONVERSATION, [id]);
    if (rowCount === 0) throw new NotFoundError(id);
  }

  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    this.assertOpen();
    if (!isStorableId(id)) throw new NotFoundError(id);
    assertStorable(id, metadata);
    const [, ...rest] = columnValues(metadata);
    const { rowCount } = await this.#connection.query(sql.UPDATE_METADATA, [id, ...rest]);
    if (rowCount === 0) throw new NotFoundError(id);
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    return this.#summaries(sql.LIST_NEEDING_TITLES, [Math.max(0, Math.trunc(limit))]);
  }

  async health(): Promise<void> {
    this.assertOpen();
    try {
      await this.#connection.query('SELECT 1');
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
    const { rows } = await this.#connection.query<ConversationRow>(text, values);
    return rows.map((row) => toSummary(fromRow(row)));
  }
}
