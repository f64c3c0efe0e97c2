import { testsUse } from '@infer/test-servers';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PostgresBackend } from '@infer/backend-postgres';
import { RedisBackend } from '@infer/backend-redis';
import { SqliteBackend } from '@infer/backend-sqlite';
import type { Conversation, StorageBackend } from '@infer/core';
import { afterAll } from 'vitest';
import { type Sandbox, writeConfig } from '@infer/test-servers/cli';

/** A store the CLI is pointed at by a config file, and the same store opened in this process. */
export interface Store {
  readonly name: string;
  /** The config file that configures it. */
  readonly config: string;
  open(): Promise<StorageBackend>;
}

/** Contributors without the servers leave them out with INFER_TEST_BACKENDS; CI runs them all. */
export const runs = testsUse;

const run = `${process.pid}_${Date.now()}`;
const psql = (sql: string) =>
  spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-Atc', sql], {
    encoding: 'utf8',
  });
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

export function sqliteStore(sb: Sandbox, name = 'sqlite'): Store {
  const path = join(sb.root, `${name}.db`);
  return {
    name,
    config: writeConfig(sb, `storage:\n  type: sqlite\n  sqlite:\n    path: ${path}\n`, join(sb.root, `${name}.yaml`)),
    open: () => SqliteBackend.open({ config: { path } }),
  };
}

export function memoryStore(sb: Sandbox): Store {
  return {
    name: 'memory',
    config: writeConfig(sb, 'storage:\n  type: memory\n', join(sb.root, 'memory.yaml')),
    open: () => Promise.reject(new Error('memory is per process')),
  };
}

/** A database of its own, dropped after the test file. */
export function postgresStore(sb: Sandbox): Store {
  const database = `infer_cli_conv_${run}_${cleanups.length}`;
  const created = psql(`CREATE DATABASE ${database}`);
  if (created.status !== 0) throw new Error(`cannot create ${database}: ${created.stderr}`);
  cleanups.push(() => psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  const settings = { host: '127.0.0.1', username: 'postgres', database, ssl_mode: 'disable' } as const;
  const yaml = `storage:\n  type: postgres\n  postgres:\n${Object.entries(settings)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('')}`;
  return {
    name: 'postgres',
    config: writeConfig(sb, yaml, join(sb.root, 'postgres.yaml')),
    open: () => PostgresBackend.open({ config: settings }),
  };
}

/** A key prefix of its own, whose keys are deleted after the test file. */
export function redisStore(sb: Sandbox): Store {
  const keyPrefix = `infer-cli-conv:${run}:${cleanups.length}:`;
  cleanups.push(() => {
    const script = "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end";
    spawnSync('redis-cli', ['-h', '127.0.0.1', 'EVAL', script, '0', `${keyPrefix}*`]);
  });
  const yaml = `storage:\n  type: redis\n  redis:\n    host: 127.0.0.1\n    key_prefix: "${keyPrefix}"\n`;
  return {
    name: 'redis',
    config: writeConfig(sb, yaml, join(sb.root, 'redis.yaml')),
    open: () => RedisBackend.open({ config: { host: '127.0.0.1', key_prefix: keyPrefix } }),
  };
}

/** The stores that outlive a process, by name, each made in a sandbox: what the CLI tests run on. */
export const persistentStores: readonly [string, (sb: Sandbox) => Store][] = [
  ['sqlite', (sb) => sqliteStore(sb)],
  ['postgres', postgresStore],
  ['redis', redisStore],
];

/** Opens the store in this process, runs `use`, closes it. */
export async function using<R>(store: Store, use: (backend: StorageBackend) => Promise<R>): Promise<R> {
  const backend = await store.open();
  try {
    return await use(backend);
  } finally {
    await backend.close();
  }
}

export async function seed(store: Store, conversations: readonly Conversation[]): Promise<void> {
  await using(store, async (backend) => {
    for (const c of conversations) await backend.save(c);
  });
}

/** Every conversation of a store, loaded, by id. */
export async function dump(store: Store): Promise<Record<string, Conversation>> {
  return using(store, async (backend) => {
    const all: Record<string, Conversation> = {};
    for (let offset = 0; ; offset += 50) {
      const page = await backend.list({ limit: 50, offset });
      for (const summary of page) all[summary.id] = await backend.load(summary.id);
      if (page.length < 50) return all;
    }
  });
}
