import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BackendDescriptor, sectionMessage } from '@infer/core';
import * as v from 'valibot';
import { sqliteMigrations } from './migrations.js';

/** Where earlier releases kept conversations. */
export const DEFAULT_SQLITE_PATH = '~/.infer/conversations.db';

const sqliteConfig = v.strictObject({
  // The default goes through the pipe too, so `~` is expanded in it as in a configured path.
  path: v.optional(
    v.pipe(v.string(), v.trim(), v.minLength(1, 'must be a file path, e.g. ~/.infer/conversations.db'), v.transform(expandPath)),
    DEFAULT_SQLITE_PATH,
  ),
}, sectionMessage);

export type SqliteConfig = v.InferOutput<typeof sqliteConfig>;

/** `~` is the user's home; a relative path is relative to the current directory, as before. */
function expandPath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return resolve(path);
}

/** The SQLite backend. Its driver (better-sqlite3) loads only when a database is opened. */
export const sqliteBackend: BackendDescriptor<SqliteConfig> = Object.freeze({
  type: 'sqlite',
  displayName: 'SQLite',
  configSchema: sqliteConfig,
  migrations: sqliteMigrations,
  async open(config: SqliteConfig, options = {}) {
    const { SqliteBackend } = await import('./sqlite-backend.js');
    return SqliteBackend.open({ path: config.path, ...options });
  },
  async openMigrationDriver(config: SqliteConfig, options = {}) {
    const { SqliteMigrationDriver } = await import('./migration-driver.js');
    return SqliteMigrationDriver.open(config.path, options);
  },
});
