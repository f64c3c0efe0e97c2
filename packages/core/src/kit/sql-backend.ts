import { MigratingStorageBackend } from './migrating-backend.js';
import type { BackendCapabilities } from '../contract/capabilities.js';
import type { ListOptions } from '../contract/storage-backend.js';
import {
  type Conversation,
  type ConversationEntry,
  type ConversationMetadata,
  type ConversationSummary,
  toSummary,
} from '../domain/conversation.js';
import { NotFoundError } from '../errors.js';
import type { SqlExecutor } from '../migrations/driver.js';
import type { SqlDialect } from '../sql/statement.js';
import { type ColumnEncoding, conversationColumnValues, entryTimes, utcDatetime } from './columns.js';
import { type ConversationStatements, conversationStatements, keysetPage } from './conversation-sql.js';

/** What {@link SqlConversationBackend} runs statements on: a `ConnectionPool`, or any executor with transactions. */
export interface SqlDatabase extends SqlExecutor {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases the connections; called once, by `close()`. */
  end(): Promise<void>;
}

export interface SqlConversationBackendOptions {
  readonly database: SqlDatabase;
  /** The SQL family, for placeholders and the upsert. */
  readonly family: SqlDialect;
  /** Declared capabilities; `migrations: true` is implied. */
  readonly capabilities?: Partial<BackendCapabilities>;
  /** How columns take values; for MySQL, times default to `utcDatetime`. */
  readonly encoding?: ColumnEncoding;
}

/** Entries per INSERT: keeps one statement well under the server's packet and parameter limits. */
const ENTRIES_PER_INSERT = 200;

/**
 * A storage backend over the shared SQL schema of conversations: one `conversations` row each
 * (the columns queries use, and `metadata`, the whole document, which is what loads and lists
 * return) and one `conversation_entries` row per entry, numbered from 0. A SQL backend in this
 * schema supplies its database, its family and `migrator()`; it may override any operation.
 *
 * @example
 * export class AcmeBackend extends SqlConversationBackend {
 *   readonly type = 'acme';
 *   constructor(private readonly pool: ConnectionPool<Pool, Client>) {
 *     super({ database: pool, family: 'mysql', capabilities: { transactionalDdl: false } });
 *   }
 *   migrator(onEvent?: MigrationEventListener) {
 *     return new Migrator({ driver: new AcmeMigrationDriver(this.pool), migrations: acmeMigrations, onEvent });
 *   }
 * }
 */
export abstract class SqlConversationBackend extends MigratingStorageBackend {
  protected readonly database: SqlDatabase;
  protected readonly statements: ConversationStatements;
  readonly #encoding: ColumnEncoding;

  protected constructor(options: SqlConversationBackendOptions) {
    super(options.capabilities);
    this.database = options.database;
    this.statements = conversationStatements(options.family);
    this.#encoding = options.encoding ?? (options.family === 'mysql' ? { time: utcDatetime } : {});
  }

  /** Replaces the conversation in one transaction: upsert its row (which locks it), then its entries. */
  async save({ metadata, entries }: Conversation): Promise<void> {
    this.assertOpen();
    const sql = this.statements;
    const time = this.#encoding.time ?? ((t: string) => t);
    const times = entryTimes(entries, metadata.updated_at);
    const rows = entries.map((entry, index) => [metadata.id, JSON.stringify(entry), index, time(times[index]!)]);
    const row = [...conversationColumnValues(metadata, this.#encoding), entries.length];
    await this.database.transaction(async (tx) => {
      await tx.run(sql.upsert, row);
      await tx.run(sql.deleteEntries, [metadata.id]);
      for (let start = 0; start < rows.length; start += ENTRIES_PER_INSERT) {
        const batch = rows.slice(start, start + ENTRIES_PER_INSERT);
        await tx.run(sql.insertEntries(batch.length), batch.flat());
      }
    });
  }

  /** Row and entries read in one transaction, so from one snapshot. */
  async load(id: string): Promise<Conversation> {
    this.assertOpen();
    return this.database.transaction(async (tx) => {
      type Row = { metadata: unknown; optimized_messages: unknown };
      const [row] = await tx.query<Row>(this.statements.load, [id]);
      if (!row) throw new NotFoundError(id);
      const entries = await tx.query<{ entry_data: unknown }>(this.statements.loadEntries, [id]);
      const metadata = json<ConversationMetadata>(row.metadata);
      if (row.optimized_messages !== null)
        metadata.optimized_messages = json<ConversationEntry[]>(row.optimized_messages);
      return { metadata, entries: entries.map((entry) => json<ConversationEntry>(entry.entry_data)) };
    });
  }

  async list(options?: ListOptions): Promise<ConversationSummary[]> {
    this.assertOpen();
    const { limit, offset, after } = SqlConversationBackend.page(options);
    if (after === undefined) return this.#summaries(this.statements.list, [limit, offset]);
    const page = await this.#summaries(this.statements.listAfter, [after, after, after, limit]);
    return keysetPage(after, page, async () => (await this.database.query(this.statements.exists, [after])).length > 0);
  }

  async delete(id: string): Promise<void> {
    this.assertOpen();
    if ((await this.database.run(this.statements.deleteConversation, [id])) === 0) throw new NotFoundError(id);
  }

  async updateMetadata(id: string, metadata: ConversationMetadata): Promise<void> {
    this.assertOpen();
    const [, ...rest] = conversationColumnValues(metadata, this.#encoding);
    if ((await this.database.run(this.statements.updateMetadata, [...rest, id])) === 0) throw new NotFoundError(id);
  }

  async listNeedingTitles(limit: number): Promise<ConversationSummary[]> {
    this.assertOpen();
    return this.#summaries(this.statements.listNeedingTitles, [Math.max(0, Math.trunc(limit))]);
  }

  /** A round trip to the server; a failure to connect is the database's one-line `ConnectionError`. */
  async health(): Promise<void> {
    this.assertOpen();
    await this.database.query('SELECT 1');
  }

  protected async onClose(): Promise<void> {
    await this.database.end();
  }

  async #summaries(sql: string, params: unknown[]): Promise<ConversationSummary[]> {
    const rows = await this.database.query<{ metadata: unknown }>(sql, params);
    return rows.map(({ metadata }) => toSummary(json<ConversationMetadata>(metadata)));
  }
}

/** A JSON column: text where the driver returns it so (MariaDB's LONGTEXT), or the parsed value. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
