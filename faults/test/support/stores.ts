import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { createDatabase } from '@infer/test-servers/postgres';
import { type PgTarget, pgEnv, shared, withTarget } from './postgres-cli.js';

/** What a migrated database holds, as the crash and race checks compare it. */
export interface State {
  /** Ledger versions in order, duplicates kept. */
  readonly ledger: string[];
  /** Application tables t_NNNN, each with its rows and whether its index exists. */
  readonly tables: { name: string; rows: unknown[]; indexed: boolean }[];
}

/** A fresh database of one SQL backend: the CLI's environment for it, and a way to read its state. */
export interface Store {
  readonly env: NodeJS.ProcessEnv;
  state(): Promise<State>;
}

export function sqliteStore(): Store {
  const path = join(mkdtempSync(join(tmpdir(), 'infer-faults-sqlite-')), 'conversations.db');
  return {
    env: { INFER_STORAGE_TYPE: 'sqlite', INFER_STORAGE_SQLITE_PATH: path },
    async state() {
      if (!existsSync(path)) return { ledger: [], tables: [] }; // killed before it created the file
      const db = new Database(path, { fileMustExist: true });
      try {
        const all = <T>(sql: string) => db.prepare(sql).all() as T[];
        const hasLedger = all("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").length > 0;
        const ledger = hasLedger
          ? all<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version)
          : [];
        const names = all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't\\_%' ESCAPE '\\' ORDER BY name",
        );
        const indexes = new Set(
          all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'").map((r) => r.name),
        );
        return {
          ledger,
          tables: names.map(({ name }) => ({
            name,
            rows: all(`SELECT id, v FROM ${name}`),
            indexed: indexes.has(`${name}_v`),
          })),
        };
      } finally {
        db.close();
      }
    },
  };
}

/** A database of its own on the shared server (dropped by `dropDatabases`). */
export async function postgresStore(): Promise<Store> {
  return postgresStoreOn(shared(await createDatabase()));
}

/** The PostgreSQL database `target`, which exists. */
export function postgresStoreOn(target: PgTarget): Store {
  return {
    env: pgEnv(target),
    state: () =>
      withTarget(target, async (client) => {
        const rows = async <T>(sql: string) => (await client.query(sql)).rows as T[];
        const hasLedger = (await rows<{ e: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS e"))[0]!
          .e;
        const ledger = hasLedger
          ? (await rows<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).map(
              (r) => r.version,
            )
          : [];
        const names = await rows<{ name: string }>(
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%' ORDER " +
            'BY tablename',
        );
        const indexes = new Set(
          (await rows<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'")).map(
            (r) => r.name,
          ),
        );
        const tables = [];
        for (const { name } of names)
          tables.push({ name, rows: await rows(`SELECT id, v FROM ${name}`), indexed: indexes.has(`${name}_v`) });
        return { ledger, tables };
      }),
  };
}

/** The versions every SQL backend ships before the application's. */
const OWN = ['001', '002', '003'];

/**
 * The database is as if the run had stopped between two migrations: the ledger holds the backend's
 * own and a prefix of the application's, each once, and exactly their tables exist, each complete
 * (its row and its index). Returns how many application migrations are applied.
 */
export function expectConsistent(state: State, versions: readonly string[]): number {
  const applied = state.ledger.filter((v) => !OWN.includes(v));
  expect(new Set(state.ledger).size, 'a ledger row twice').toBe(state.ledger.length);
  expect(applied, 'the ledger is not a prefix of the migrations').toEqual(versions.slice(0, applied.length));
  if (applied.length > 0) expect(state.ledger.filter((v) => OWN.includes(v))).toEqual(OWN);
  expect(
    state.tables.map((t) => t.name),
    'ledger rows and tables differ',
  ).toEqual(applied.map((v) => `t_${v}`));
  for (const table of state.tables) {
    expect(table, 'a migration half applied').toEqual({
      name: table.name,
      rows: [{ id: 1, v: table.name.slice(2) }],
      indexed: true,
    });
  }
  return applied.length;
}

/** Across all runs (`[version, outcome]` each), every version was applied exactly once and nothing else happened. */
export function expectAppliedOnce(runs: readonly (readonly [string, string])[][], versions: readonly string[]): void {
  const outcomes = runs.flat();
  for (const version of versions)
    expect(
      outcomes.filter(([v, o]) => v === version && o === 'applied'),
      version,
    ).toHaveLength(1);
  expect(outcomes.filter(([, o]) => o !== 'applied' && o !== 'skipped')).toEqual([]);
}
