import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  ConfigurationError,
  ConnectionError,
  DOCUMENT_LIMITS,
  type ListOptions,
  type Migration,
  type MigrationEventListener,
  Migrator,
  NotFoundError,
  type OpenOptions,
  assertDepthWithinLimit,
  mergeMigrations,
  messageOf,
} from '@infer/core';
import {
  MigratingStorageBackend,
  assertSizeWithinLimit,
  keysetAfter,
  keysetPage,
  migrateOnOpen,
  parseStoredJson,
  toSummary,
} from '@infer/core/kit';
import type Database from 'better-sqlite3';
import type { SqliteConfig, SqliteConfigInput } from './config-schema.js';
import { connect } from './connection.js';
import { namingCause } from './failure-causes.js';
import { underWriteLock } from './lock-wait.js';
import { SqliteMigrationDriver } from './migration-driver.js';
import { sqliteMigrations } from './migrations.js';
import { type ConversationRow, LOAD_CONVERSATION, SUMMARY_COLUMNS, fromRow, toColumns } from './row-mapping.js';
import { sqliteIdentity } from './identity.js';

export interface SqliteBackendOptions extends OpenOptions {
  /**
   * `storage.sqlite` as a user writes it: `path` (created with its directory when missing; `~` and a
   * relative path resolved from the current directory) and `busy_timeout` in seconds; missing keys
   * take their defaults. Not used with `client`.
   */
  readonly config?: SqliteConfigInput;
  /** An application's own better-sqlite3 connection; the backend never closes it, and it keeps its busy timeout. */
  readonly client?: Database.Database;
}

const NEWEST_FIRST = 'ORDER BY julianday(updated_at) DESC, id';

const CURSOR_EXISTS = 'SELECT 1 FROM conversations WHERE id = ?';

/** Parameters: the cursor's id three times, the limit. Through idx_conversations_updated_instant from the cursor on. */
export const LIST_AFTER = `SELECT ${SUMMARY_COLUMNS} FROM conversations
  ${keysetAfter('julianday(updated_at)', ['?', '?', '?'])} ${NEWEST_FIRST} LIMIT ?`;

const UPSERT = `
  INSERT INTO conversations (id, title, count, messages, optimized_messages, total_input_tokens, total_output_tokens,
    request_count, cost_stats, models, tags, summary, title_generated, title_invalidated, title_generation_time,
    created_at, updated_at, metadata)
  VALUES (@id, @title, @count, @messages, @optimized_messages, @total_input_tokens, @total_output_tokens,
    @request_count, @cost_stats, @models, @tags, @summary, @title_generated, @title_invalidated, @title_generation_time,
    @created_at, @updated_at, @metadata)
  ON CONFLICT(id) DO UPDATE SET title = excluded.title, count = excluded.count, messages = excluded.messages,
    optimized_messages = excluded.optimized_messages, total_input_tokens = excluded.total_input_tokens,
    total_output_tokens = excluded.total_output_tokens, request_count = excluded.request_count,
    cost_stats = excluded.cost_stats, models = excluded.models, tags = excluded.tags, summary = excluded.summary,
    title_generated = excluded.title_generated, title_invalidated = excluded.title_invalidated,
    title_generation_time = excluded.title_generation_time, created_at = excluded.created_at,
    updated_at = excluded.updated_at, metadata = excluded.metadata`;

const UPDATE_METADATA = `
  UPDATE conversations SET title = @title, optimized_messages = @optimized_messages,
    total_input_tokens = @total_input_tokens, total_output_tokens = @total_output_tokens,
    request_count = @request_count, cost_stats = @cost_stats, tags = @tags, summary = @summary,
    title_generated = @title_generated, title_invalidated = @title_invalidated,
    title_generation_time = @title_generation_time, created_at = @created_at, updated_at = @updated_at,
    metadata = @metadata, models = CASE WHEN @model IS NULL THEN models ELSE json_array(@model) END
  WHERE id = @id`;

/**
 * Conversations in one SQLite file, in the schema earlier releases created (one row a
 * conversation, entries as a JSON array), so existing databases keep working after the upgrade.
 */
export class SqliteBackend extends MigratingStorageBackend {
  readonly type = sqliteIdentity.type;
  readonly #db: Database.Database;
  readonly #ownsConnection: boolean;
  readonly #migrations: readonly Migration[];
  /** Statements by SQL text, each prepared on first use (after migrations) and then kept. */
  readonly #statements = new Map<string, Database.Statement>();

  private constructor(db: Database.Database, ownsConnection: boolean, migrations: readonly Migration[]) {
    super(sqliteIdentity.capabilities);
    this.#db = db;
    this.#ownsConnection = ownsConnection;
    this.#migrations = migrations;
  }

  /** Opens (creating when missing, unless `create: false`) and migrates the database unless `migrate: false`. */
  static async open(options: SqliteBackendOptions = {}): Promise<SqliteBackend> {
    const db = options.client ?? openFile(await parsedConfig(options.config), options);
    const migrations = mergeMigrations(sqliteMigrations, options.migrations);
    const backend = new SqliteBackend(db, options.client === undefined, migrations);
    return migrateOnOpen(backend, (onEvent) => backend.migrator(onEvent), options);
  }

  /** The migration engine bound to this database, the shipped migrations and the application's. */
  migrator(onEvent?: MigrationEventListener): Migrator {
    return new Migrator({ driver: new SqliteMigrationDriver(this.#db), migrations: this.#migrations, onEvent });
  }

  async save({ metadata, entries }: Conversation): Promise<void> {
    this.assertOpen();
    const columns = { ...toColumns(metadata, entries), messages: JSON.stringify(entries) };
    this.#write(() => this.#prepare(UPSERT).run(columns));
  }

  /**
   * Refuses a conversation beyond core's DOCUMENT_LIMITS by its size before reading it, by its depth before returning
   * it.
   */
  async load(id: string): Promise<Conversation> {
    this.assertOpen();
    const row = namingCause(this.#db, () =>
      this.#prepare(LOAD_CONVERSATION).get({ id, maxBytes: DOCUMENT_LIMITS.maxBytes }),
    ) as (ConversationRow & { messages: string; stored_bytes: number }) | undefined;
    if (!row) throw new NotFoundError(id);
    assertSizeWithinLimit(id, row.stored_bytes);
    const conversation = {
      metadata: fromRow(row),
      entries: parseStoredJson<ConversationEntry[]>(id, row.messages, 'its messages column'),
    };
    assertDepthWithinLimit(id, conversation.metadata, conversation.entries);
    return conversation;
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset, after } = SqliteBackend.page(options);
    if (after === undefined) {
      return this.#summaries(
        `SELECT ${SUMMARY_COLUMNS} FROM conversations ${NEWEST_FIRST} LIMIT ? OFFSET ?`,
        limit,
        offset,
      );
    }
    const page = this.#summaries(LIST_AFTER, after, after, after, limit);
    return keysetPage(
      after,
      page,
      () => namingCause(this.#db, () => this.#prepare(CURSOR_EXISTS).get(after)) !== undefined,
    );
  }

  async delete(id: string): Promise<void> {
    this.assertOpen();
    if (this.#write(() => this.#prepare('DELETE FROM conversations WHERE id = ?').run(id)).changes === 0)
      throw new NotFoundError(id);
  }

  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    this.assertOpen();
    const { count: _count, models: _models, ...columns } = toColumns(metadata, []);
    const result = this.#write(() =>
      this.#prepare(UPDATE_METADATA).run({ ...columns, id, model: metadata.model ?? null }),
    );
    if (result.changes === 0) throw new NotFoundError(id);
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    return this.#summaries(
      `SELECT ${SUMMARY_COLUMNS} FROM conversations
       WHERE (COALESCE(title_generated, 0) = 0 OR title_invalidated = 1) AND count >= 2
       ${NEWEST_FIRST} LIMIT ?`,
      Math.max(0, Math.trunc(limit)),
    );
  }

  async health(): Promise<void> {
    this.assertOpen();
    try {
      this.#db.prepare('SELECT 1').get();
    } catch (error) {
      throw new ConnectionError(`SQLite database ${this.#db.name} is not usable: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  protected async onClose(): Promise<void> {
    if (this.#ownsConnection) this.#db.close();
  }

  /**
   * Kept, because preparing compiles the SQL anew at every call, a large share of a save, load or list.
   * SQLite recompiles a kept statement itself after a schema change; a handful of them costs nothing there.
   */
  #prepare(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** A write that waits for another process's lock and names damaged pages it meets. */
  #write<T>(work: () => T): T {
    return namingCause(this.#db, () => underWriteLock(this.#db, work));
  }

  #summaries(sql: string, ...params: (number | string)[]): ConversationSummary[] {
    const rows = namingCause(this.#db, () => this.#prepare(sql).all(...params)) as Omit<
      ConversationRow,
      'optimized_messages'
    >[];
    return rows.map((row) => toSummary(fromRow({ ...row, optimized_messages: null })));
  }
}

/** The config schema (and valibot with it) loads only to open a file: an application's own connection needs neither. */
async function parsedConfig(input: SqliteConfigInput | undefined): Promise<SqliteConfig> {
  return (await import('./config-schema.js')).parseSqliteConfig(input);
}

function openFile(config: SqliteConfig, options: OpenOptions): Database.Database {
  const db = connect(config.path, {
    readOnly: options.readOnly === true,
    create: options.create !== false,
    busyTimeoutMs: config.busy_timeout * 1000,
  });
  if (db) return db;
  throw new ConfigurationError(`there is no SQLite database at ${config.path}; nothing was created`, {
    hint: 'run "infer migrate" to create it, or check storage.sqlite.path',
  });
}
