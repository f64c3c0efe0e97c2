import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresBackend } from '@infer/backend-postgres';
import { RedisBackend } from '@infer/backend-redis';
import { SqliteBackend } from '@infer/backend-sqlite';
import type { StorageBackend } from '@infer/core';
import type { ThrowawayRedis } from '@infer/test-servers';
import { sizeable } from './busy-backend.js';
import type { PgTarget } from './postgres-cli.js';

const directory = mkdtempSync(join(tmpdir(), 'infer-faults-copy-'));

/** A store that `infer storage copy` reads or writes: its config file, and the same store opened here. */
export interface CopyStore {
  /** For `--config` (source) or `--to` (target). */
  readonly config: string;
  /** How its one-line errors name it: host:port and the database. */
  readonly names: readonly string[];
  /** Opens it in this process, never migrating it. */
  open(): Promise<StorageBackend>;
}

function configFile(name: string, yaml: string): string {
  const path = join(directory, `${name}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

/** A migrated SQLite file holding `count` conversations of a few dozen KB each. */
export async function seededSqlite(count: number): Promise<CopyStore> {
  const path = join(directory, 'source.db');
  const backend = await SqliteBackend.open({ config: { path } });
  for (let i = 0; i < count; i++) await backend.save(sizeable(`c-${String(i).padStart(4, '0')}`, 20));
  await backend.close();
  return {
    config: configFile('source', `storage:\n  type: sqlite\n  sqlite:\n    path: ${path}\n`),
    names: [path],
    open: () => SqliteBackend.open({ config: { path }, migrate: false }),
  };
}

/** The database `target`; the password is in the config file. */
export function postgresOn(target: PgTarget, connectTimeoutSeconds: number): CopyStore {
  const { host, port, user: username, password, database } = target;
  const settings = {
    host,
    port,
    username,
    password,
    database,
    ssl_mode: 'disable',
    connect_timeout: connectTimeoutSeconds,
  } as const;
  const yaml =
    `storage:\n  type: postgres\n  postgres:\n    host: ${host}\n    port: ${port}\n    username: ${username}\n` +
    `    password: '${password}'\n    database: ${database}\n    ssl_mode: disable\n` +
    `    connect_timeout: ${connectTimeoutSeconds}\n`;
  return {
    config: configFile(database, yaml),
    names: [`127.0.0.1:${port}`, `database "${database}"`],
    open: () => PostgresBackend.open({ config: settings, migrate: false }),
  };
}

/** Keys under `prefix` on `server`, which requires `password`. */
export function redisOn(server: ThrowawayRedis, password: string, prefix: string, timeoutSeconds: number): CopyStore {
  const { host, port } = server;
  const yaml =
    `storage:\n  type: redis\n  redis:\n    host: ${host}\n    port: ${port}\n    password: '${password}'\n` +
    `    key_prefix: '${prefix}'\n    connect_timeout: ${timeoutSeconds}\n    command_timeout: ${timeoutSeconds}\n`;
  return {
    config: configFile(prefix.replace(/\W/g, '_'), yaml),
    names: [`127.0.0.1:${port}`],
    open: () =>
      RedisBackend.open({
        config: {
          host,
          port,
          password,
          key_prefix: prefix,
          connect_timeout: timeoutSeconds,
          command_timeout: timeoutSeconds,
        },
      }),
  };
}

/** Every conversation of `backend`, by id, as `load` returns it. */
export async function contentsOf(backend: StorageBackend): Promise<Map<string, unknown>> {
  const contents = new Map<string, unknown>();
  for (const { id } of await backend.list({ limit: 100_000 })) contents.set(id, await backend.load(id));
  return contents;
}

/** Removes the config files and the SQLite source. */
export function removeCopyStores(): void {
  rmSync(directory, { recursive: true, force: true });
}
