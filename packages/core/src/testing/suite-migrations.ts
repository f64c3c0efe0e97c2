import type { Migration } from '../migrations/migration.js';

/**
 * The migration group's own schema, in tables of its own, so that it tests the engine on the
 * database and not the backend's shipped schema. Plain `CREATE`s (no `IF NOT EXISTS`): running one
 * twice fails, which the baseline test relies on. Index names are unique per database (PostgreSQL,
 * SQLite) and per table (MySQL), so both spellings of `DROP INDEX` find them.
 */
export const SUITE_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: '001',
    description: 'Suite items',
    up:
      'CREATE TABLE suite_items (id INTEGER PRIMARY KEY, label VARCHAR(64) NOT NULL);\n' +
      'CREATE INDEX idx_suite_items_label ON suite_items (label);\n',
    down: 'DROP TABLE suite_items;\n',
  },
  {
    version: '002',
    description: 'Suite tags',
    up: 'CREATE TABLE suite_tags (id INTEGER PRIMARY KEY, name VARCHAR(64) NOT NULL);\n',
    down: 'DROP TABLE suite_tags;\n',
  },
  {
    version: '003',
    description: 'Suite notes',
    up: 'CREATE TABLE suite_notes (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, body TEXT);\n',
    down: 'DROP TABLE suite_notes;\n',
  },
]);

/** The SQL the suite writes by hand; the defaults run on SQLite and PostgreSQL. */
export interface SuiteSql {
  /** A literal for `schema_migrations.applied_at`. Default `'2030-01-02 03:04:05+00'`. */
  readonly appliedAt: string;
  /** A script filling `suite_rows (id, n)` with the rows 1 to `rows`, `n` equal to `id`. Default a recursive CTE. */
  readonly fillRows: (rows: number) => string;
  /** Drops an index of a table. Default `DROP INDEX <index>`. MySQL: `DROP INDEX <index> ON <table>`. */
  readonly dropIndex: (index: string, table: string) => string;
  /**
   * The ledger as releases before checksums created it: three columns. Default the one SQLite and
   * PostgreSQL databases of the earlier Go releases have.
   */
  readonly legacyLedger: string;
}

export const DEFAULT_SQL: SuiteSql = {
  appliedAt: "'2030-01-02 03:04:05+00'",
  fillRows: (rows) =>
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${rows}) INSERT INTO ` +
    'suite_rows (id, n) SELECT i, i FROM seq;',
  dropIndex: (index) => `DROP INDEX ${index}`,
  legacyLedger:
    'CREATE TABLE schema_migrations (version VARCHAR(255) PRIMARY KEY, description TEXT NOT NULL, ' +
    'applied_at TIMESTAMP WITH TIME ZONE NOT NULL)',
};
