import { type MigrationEventListener, Migrator, type OpenOptions, mergeMigrations } from '@infer/core';
import { SqlConversationBackend, migrateOnOpen } from '@infer/core/kit';
import { type MariadbConfig, type MariadbConfigInput, parseMariadbConfig } from './config.js';
import { MariadbConnection } from './connection.js';
import { MariadbMigrationDriver } from './migration-driver.js';
import { mariadbMigrations } from './migrations.js';
import { mariadbIdentity } from './descriptor.js';

export interface MariadbBackendOptions extends OpenOptions {
  /** Connection settings (`storage.mariadb`); missing keys take their defaults. */
  readonly config?: MariadbConfigInput;
}

/**
 * Conversations in MariaDB or MySQL, in the kit's shared SQL schema: one `conversations` row each
 * (the metadata document plus the columns queries use, times in UTC) and one `conversation_entries`
 * row per entry. `transactionalDdl: false`: MariaDB commits every DDL statement at once (see the README).
 */
export class MariadbBackend extends SqlConversationBackend {
  readonly type = mariadbIdentity.type;
  readonly #connection: MariadbConnection;
  readonly #config: MariadbConfig;
  readonly #migrations: ReturnType<typeof mergeMigrations>;

  private constructor(config: MariadbConfig, options: MariadbBackendOptions) {
    const connection = new MariadbConnection(config);
    super({ database: connection, family: 'mysql', capabilities: mariadbIdentity.capabilities });
    this.#connection = connection;
    this.#config = config;
    this.#migrations = mergeMigrations(mariadbMigrations, options.migrations);
  }

  /** Opens the backend and applies pending migrations unless `migrate: false` (then nothing connects yet). */
  static async open(options: MariadbBackendOptions = {}): Promise<MariadbBackend> {
    const backend = new MariadbBackend(parseMariadbConfig(options.config), options);
    return migrateOnOpen(backend, (onEvent) => backend.migrator(onEvent), options);
  }

  /** The migration engine bound to this backend's pool, the shipped migrations and the application's. */
  migrator(onEvent?: MigrationEventListener): Migrator {
    const driver = new MariadbMigrationDriver(this.#connection, { lockTimeoutSeconds: this.#config.lock_timeout });
    return new Migrator({ driver, migrations: this.#migrations, onEvent });
  }
}
