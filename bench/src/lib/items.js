/**
 * The table of the data-1m measure: ROWS rows `(id, n)` with `n = id`, and the data migration both
 * sides run on it (double every `n`, walking the table by `id` in batches of BATCH_SIZE). The
 * template database is built once by the harness; each run works on a fresh copy of it.
 */
export const ROWS = 1_000_000;
export const BATCH_SIZE = 1000;

export const CREATE_ITEMS = {
  version: '0001',
  description: 'bench items table',
  up: 'CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);',
};

/** Fills the empty table in one statement: ids and values 1..ROWS. */
export const FILL_ITEMS = `INSERT INTO items (id, n)
  WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < ${ROWS}) SELECT x, x FROM k`;

/** The data migration of the measure, as ledger fields (its `up` is each side's own code). */
export const DOUBLE_ITEMS = { version: '0002', description: 'double every n of items' };

/** SUM(n) before the migration (1 + 2 + ... + ROWS) and after it: an exact integer in a double. */
export const SUM_BEFORE = (ROWS * (ROWS + 1)) / 2;
export const SUM_AFTER = 2 * SUM_BEFORE;
