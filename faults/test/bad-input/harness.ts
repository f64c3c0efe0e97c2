import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type Sandbox, writeConfig } from '@infer/test-servers/cli';
import type { PgTarget, ThrowawayPostgres } from '../support/postgres-cli.js';

/**
 * The bad-input catalogue: each file of `cases/` exports `cases`, a list of bad inputs run through
 * the real `infer` binary by `bad-input.test.ts`. Every one must give exactly one `Error: … Fix: …`
 * line, no stack, its documented exit code (packages/cli/src/exit-codes.ts), and leave the data
 * byte-identical.
 */
export const EXIT = {
  usage: 2,
  config: 3,
  connection: 4,
  migration: 5,
  notFound: 6,
  drift: 8,
  ahead: 9,
  lock: 10,
  invalidMigrations: 11,
  unsupportedValue: 13,
  documentLimit: 14,
} as const;

export interface Context {
  readonly sb: Sandbox;
  /** The SQLite file the case runs against (the sandbox's default database unless it moves it). */
  readonly db: string;
  /** The PostgreSQL database of a `postgres` case: a migrated one of its own. */
  readonly pg: PgTarget;
  /** A password-protected throwaway PostgreSQL (owner `infer_owner`), for `postgres` cases. */
  readonly throwaway: ThrowawayPostgres | undefined;
}

export interface Prepared {
  readonly env?: NodeJS.ProcessEnv;
  /** What must be identical before and after; the SQLite file and its -wal/-shm by default. */
  readonly fingerprint?: () => unknown;
  readonly cleanup?: () => void;
  readonly fileSizeLimitKb?: number;
}

export interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: number;
  /** Names the problem. */
  readonly error: RegExp;
  /** `pending`: the SQLite database is at 001 with 002 and 003 to apply; `none`: no database. */
  readonly start?: 'migrated' | 'pending' | 'none';
  readonly postgres?: boolean;
  // biome-ignore lint/suspicious/noConfusingVoidType: a setup that only writes files returns nothing
  readonly setup?: (context: Context) => Prepared | void | Promise<Prepared | void>;
}

/** A case whose only setup is the config file `./.infer/config.yaml`. */
export const config =
  (yaml: string) =>
  ({ sb }: Context) => {
    writeConfig(sb, yaml);
  };

/** Application migrations `files` (name → SQL) under the sandbox, for storage type `type`. */
export function migrationsDir(sb: Sandbox, type: string, files: Record<string, string>): NodeJS.ProcessEnv {
  const dir = join(sb.cwd, 'migrations');
  mkdirSync(join(dir, type), { recursive: true });
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, type, name), sql);
  return { INFER_STORAGE_MIGRATIONS_DIR: dir };
}

/** Read-only for this process: by mode, and as root (whom modes do not stop) immutable. */
export function readOnly(path: string): () => void {
  chmodSync(path, statSync(path).isDirectory() ? 0o555 : 0o444);
  if (process.getuid?.() !== 0) return () => {};
  expect(spawnSync('chattr', ['+i', path]).status, 'chattr +i (ext4, as root)').toBe(0);
  return () => spawnSync('chattr', ['-i', path]);
}

/** 003 fails at its third statement: the first two must not stay. */
export const BROKEN_MIDDLE =
  'CREATE TABLE tags (id TEXT);\nINSERT INTO tags VALUES (1);\nINSERT INTO no_such_table VALUES (2);\n' +
  'CREATE TABLE after_it (x TEXT);\n';
