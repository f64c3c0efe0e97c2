import type { SqlDialect } from '../sql/statement.js';
import { utcDatetime } from './columns.js';
import { codeOf } from './connection-failure.js';

/** The table every infer backend records applied migrations in, read by earlier releases too. */
export const LEDGER_TABLE = 'schema_migrations';

/** Which driver errors mean a thing: any of these codes ({@link codeOf}), or a test of the error. */
export type ErrorMatch = readonly string[] | ((error: unknown) => boolean);

/** Whether `error` is one that `match` describes. */
export function matchesError(match: ErrorMatch | undefined, error: unknown): boolean {
  if (match === undefined) return false;
  if (typeof match === 'function') return match(error);
  const code = codeOf(error);
  return code !== undefined && match.includes(code);
}

/**
 * How one SQL dialect, through one driver, spells the ledger `schema_migrations`. The ledger's SQL
 * is written once, in ledger.ts; a dialect gives only these facts. {@link ledgerDialect} has them
 * for SQLite, PostgreSQL and MySQL/MariaDB.
 */
export interface LedgerDialect {
  /** The SQL family, for splitting and quoting. */
  readonly family: SqlDialect;
  /** The column types: `version VARCHAR(255)`, `applied_at TIMESTAMP WITH TIME ZONE`... */
  readonly types: {
    readonly version: string;
    readonly description: string;
    readonly appliedAt: string;
    readonly checksum: string;
  };
  /** The parameter placeholder of position `index` (1-based): `?` or `$1`. */
  placeholder(index: number): string;
  /** After CREATE TABLE's closing parenthesis: MySQL's `ENGINE=InnoDB DEFAULT CHARSET=...`. */
  readonly tableOptions?: string;
  /** The index on `version` is declared in CREATE TABLE (MySQL has no CREATE INDEX IF NOT EXISTS). */
  readonly inlineIndex?: boolean;
  /** `ADD COLUMN IF NOT EXISTS` is understood (PostgreSQL): no duplicate-column error to tolerate. */
  readonly addColumnIfNotExists?: boolean;
  /**
   * A query without parameters answering, in one row, whether the ledger table exists (`has_table`)
   * and has the checksum column (`has_checksum`), each truthy or not. Never writes.
   */
  readonly inspect: string;
  /** `applied_at` as the driver takes it. */
  toAppliedAt(at: Date): unknown;
  /** `applied_at` as the driver returns it, to the text the engine keeps (ISO 8601 where the database has a type). */
  fromAppliedAt(value: unknown): string;
  /** The error of a query on a table that does not exist. */
  readonly noSuchTable: ErrorMatch;
  /** The error of adding a column that exists (a concurrent run added it first). */
  readonly duplicateColumn: ErrorMatch;
}

const exists = (from: string) => `EXISTS (SELECT 1 FROM ${from})`;
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value));
const information = (table: string, where: string) =>
  `information_schema.${table} WHERE table_schema = DATABASE() AND table_name = '${LEDGER_TABLE}'${where}`;

/** The facts of each family as the first-party drivers speak it (better-sqlite3, node-postgres, mysql2). */
const FAMILIES: Readonly<Record<SqlDialect, LedgerDialect>> = {
  sqlite: {
    family: 'sqlite',
    types: { version: 'VARCHAR(255)', description: 'TEXT', appliedAt: 'DATETIME', checksum: 'VARCHAR(64)' },
    placeholder: () => '?',
    inspect:
      `SELECT ${exists(`sqlite_master WHERE type = 'table' AND name = '${LEDGER_TABLE}'`)} AS has_table, ` +
      `${exists(`pragma_table_info('${LEDGER_TABLE}') WHERE name = 'checksum'`)} AS has_checksum`,
    toAppliedAt: (at) => at.toISOString(),
    fromAppliedAt: iso,
    noSuchTable: (error) => /^no such table/.test((error as { message?: unknown })?.message as string),
    duplicateColumn: (error) => /^duplicate column name/.test((error as { message?: unknown })?.message as string),
  },
  postgres: {
    family: 'postgres',
    types: {
      version: 'VARCHAR(255)',
      description: 'TEXT',
      appliedAt: 'TIMESTAMP WITH TIME ZONE',
      checksum: 'VARCHAR(64)',
    },
    placeholder: (index) => `$${index}`,
    addColumnIfNotExists: true,
    // to_regclass, not CREATE … IF NOT EXISTS: that needs the CREATE privilege even when the table exists.
    inspect: `SELECT to_regclass('${LEDGER_TABLE}') IS NOT NULL AS has_table, ${exists(
      `information_schema.columns WHERE table_schema = current_schema() AND table_name = '${LEDGER_TABLE}' ` +
        "AND column_name = 'checksum'",
    )} AS has_checksum`,
    toAppliedAt: (at) => at,
    fromAppliedAt: iso,
    noSuchTable: ['42P01'],
    duplicateColumn: ['42701'],
  },
  mysql: {
    family: 'mysql',
    types: { version: 'VARCHAR(255)', description: 'TEXT', appliedAt: 'DATETIME(6)', checksum: 'VARCHAR(64)' },
    placeholder: () => '?',
    tableOptions: 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
    inlineIndex: true,
    inspect:
      `SELECT ${exists(information('tables', ''))} AS has_table, ` +
      `${exists(information('columns', " AND column_name = 'checksum'"))} AS has_checksum`,
    toAppliedAt: utcDatetime,
    fromAppliedAt: (value) =>
      value instanceof Date ? value.toISOString() : new Date(`${String(value).replace(' ', 'T')}Z`).toISOString(),
    noSuchTable: ['ER_NO_SUCH_TABLE'],
    duplicateColumn: ['ER_DUP_FIELDNAME'],
  },
};

/**
 * The ledger facts of a SQL family, with `overrides` for a driver that differs (another way to
 * return `applied_at`, its own error codes). SQLite and PostgreSQL get exactly the ledger that
 * earlier releases created; MySQL the same columns in its types, InnoDB, utf8mb4, times in UTC.
 *
 * @example
 * const ledger = ledgerDialect('mysql'); // mysql2, DATETIME read as text or as Date
 * const custom = ledgerDialect('postgres', { noSuchTable: (e) => /does not exist/.test(String(e)) });
 */
export function ledgerDialect(family: SqlDialect, overrides: Partial<LedgerDialect> = {}): LedgerDialect {
  return Object.freeze({ ...FAMILIES[family], ...overrides });
}
