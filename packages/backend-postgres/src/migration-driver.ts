import type { ClosableMigrationDriver, LedgerRecord, LedgerRow, Migration } from '@infer/core';
import type { LockMode, PostgresConfig } from './config.js';
import { PostgresConnection } from './connection.js';
import { LEDGER_TABLE, releaseMigrationLock, takeMigrationLock } from './migration-lock.js';
import type { PgPoolClient, PgQueryable } from './pg-types.js';

/** The ledger exactly as earlier releases created it (three columns and an index on version). */
const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (
    version VARCHAR(255) PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP WITH TIME ZONE NOT NULL
  );
  CREATE INDEX IF NOT EXISTS idx_schema_migrations_version ON ${LEDGER_TABLE}(version);
`;

export interface PostgresMigrationDriverOptions {
  /** Default `session`; see `LOCK_MODES` in config.ts and the package README. */
  readonly lockMode?: LockMode;
  /** How long to wait for another process's migration run, in seconds. Default 60. */
  readonly lockTimeoutSeconds?: number;
  /** Status only: never create or write anything; a missing ledger or database reads as empty. */
  readonly readOnly?: boolean;
  /** `close()` ends the connection (the driver created it). Default `false`. */
  readonly ownsConnection?: boolean;
}

/**
 * The migration engine's driver for PostgreSQL. In `session` lock mode one connection takes
 * `pg_advisory_lock` and runs the whole run; in `transaction` mode every migration takes
 * `pg_advisory_xact_lock` inside its own transaction. Either way each migration re-reads its ledger
 * row under the lock and commits together with it, so concurrent runs apply it exactly once, and a
 * failure leaves nothing behind (DDL is transactional in PostgreSQL).
 */
export class PostgresMigrationDriver implements ClosableMigrationDriver {
  readonly dialect = 'PostgreSQL';
  readonly #connection: PostgresConnection;
  readonly #lockMode: LockMode;
  readonly #lockTimeoutMs: number;
  readonly #readOnly: boolean;
  readonly #ownsConnection: boolean;
  /** The connection holding the session lock, between acquireLock and releaseLock. */
  #lockClient: PgPoolClient | undefined;

  constructor(connection: PostgresConnection, options: PostgresMigrationDriverOptions = {}) {
    this.#connection = connection;
    this.#lockMode = options.lockMode ?? 'session';
    this.#lockTimeoutMs = (options.lockTimeoutSeconds ?? 60) * 1000;
    this.#readOnly = options.readOnly ?? false;
    this.#ownsConnection = options.ownsConnection ?? false;
  }

  /** A driver on its own pool, for `infer migrate`. Connects on first use. */
  static open(config: PostgresConfig, options: { readOnly?: boolean } = {}): PostgresMigrationDriver {
    return new PostgresMigrationDriver(PostgresConnection.fromConfig(config), {
      lockMode: config.lock_mode,
      lockTimeoutSeconds: config.lock_timeout,
      readOnly: options.readOnly ?? false,
      ownsConnection: true,
    });
  }

  async ensureLedger(): Promise<void> {
    this.#assertWritable();
    // Checked first: CREATE ... IF NOT EXISTS needs the CREATE privilege even when the table exists.
    await this.#transaction(async (client) => {
      const { rows } = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [LEDGER_TABLE]);
      if (!rows[0]!.exists) await client.query(CREATE_LEDGER);
    });
  }

  async readLedger(): Promise<LedgerRow[]> {
    try {
      const { rows } = await this.#session().query<{ version: string; description: string; applied_at: Date }>(
        `SELECT version, description, applied_at FROM ${LEDGER_TABLE}`,
      );
      return rows.map((row) => ({ version: row.version, description: row.description, appliedAt: row.applied_at.toISOString() }));
    } catch (error) {
      if (codeOf(error) === '42P01') return [];
      // Status of a database that does not exist yet: nothing is applied (and nothing is created).
      if (this.#readOnly && codeOf((error as { cause?: unknown }).cause) === '3D000') return [];
      throw error;
    }
  }

  async applyMigration(migration: Migration, record: LedgerRecord): Promise<'applied' | 'skipped'> {
    this.#assertWritable();
    if (migration.transaction === false) return this.#applyWithoutTransaction(migration, record);
    return this.#transaction(async (client) => {
      // Another process may have applied it between our ledger read and now.
      if (await isRecorded(client, record.version)) return 'skipped';
      await client.query(migration.up);
      await insertLedgerRow(client, record);
      return 'applied';
    });
  }

  async acquireLock(): Promise<void> {
    this.#assertWritable();
    if (this.#lockMode !== 'session' || this.#lockClient) return;
    const client = await this.#connection.connect();
    try {
      // Inside a transaction only so that the wait limit is set for this one statement; the session
      // lock itself outlives the commit and stays with this connection until releaseLock.
      await this.#connection.transaction((c) => takeMigrationLock(c, 'pg_advisory_lock', this.#lockTimeoutMs, this.#connection.target), client);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.#lockClient = client;
  }

  async releaseLock(): Promise<void> {
    const client = this.#lockClient;
    if (!client) return;
    this.#lockClient = undefined;
    try {
      await releaseMigrationLock(client);
      client.release();
    } catch {
      // Closing the connection releases its session locks on the server.
      client.release(true);
    }
  }

  async close(): Promise<void> {
    await this.releaseLock();
    if (this.#ownsConnection) await this.#connection.end();
  }

  /** A transaction on the lock's connection (session mode) or on a pooled one that takes the transaction lock. */
  #transaction<T>(work: (client: PgPoolClient) => Promise<T>): Promise<T> {
    if (this.#lockMode === 'session') return this.#connection.transaction(work, this.#lockClient);
    return this.#connection.transaction(async (client) => {
      await takeMigrationLock(client, 'pg_advisory_xact_lock', this.#lockTimeoutMs, this.#connection.target);
      return work(client);
    });
  }

  #session(): PgQueryable {
    return this.#lockClient ?? this.#connection;
  }

  async #applyWithoutTransaction(migration: Migration, record: LedgerRecord): Promise<'applied' | 'skipped'> {
    if (this.#lockMode === 'transaction') {
      throw new Error(
        `migration ${migration.version} runs outside a transaction, where lock_mode "transaction" cannot keep other processes out; ` +
          'run it once with lock_mode "session" on a direct connection (not through a transaction-mode pooler)',
      );
    }
    // Protected by the session lock only: a failure after `up` is not rolled back (see Migration.transaction).
    const session = this.#session();
    if (await isRecorded(session, record.version)) return 'skipped';
    await session.query(migration.up);
    await insertLedgerRow(session, record);
    return 'applied';
  }

  #assertWritable(): void {
    if (this.#readOnly) throw new Error('this PostgreSQL migration driver is read-only (status): it cannot lock, create or migrate');
  }
}

async function isRecorded(client: PgQueryable, version: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM ${LEDGER_TABLE} WHERE version = $1`, [version]);
  return rows.length > 0;
}

async function insertLedgerRow(client: PgQueryable, record: LedgerRecord): Promise<void> {
  await client.query(`INSERT INTO ${LEDGER_TABLE} (version, description, applied_at) VALUES ($1, $2, $3)`, [
    record.version,
    record.description,
    record.appliedAt,
  ]);
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
