import type { MigrationDriver, SqlDialect, SqlExecutor } from './driver.js';

/** How {@link DataMigrationContext.batches} walks a table. */
export interface BatchOptions {
  /** A unique, sortable column to page by (keyset pagination, never OFFSET). Default `id`. */
  readonly key?: string;
  /** Rows per batch. Default 1000. */
  readonly batchSize?: number;
  /** Columns to read. Default every column. */
  readonly columns?: readonly string[];
  /** A SQL condition (no parameters) that limits the rows, e.g. `metadata IS NULL`. */
  readonly where?: string;
}

/** New values for some columns of a row, or `undefined` to leave the row as it is. */
export type RowUpdate = Readonly<Record<string, unknown>> | undefined;

/**
 * What a data migration gets: SQL on the migration's transaction, and batch helpers that report
 * progress (rows done of total, rate, ETA) through the engine's `migration:progress` events.
 *
 * @example
 * up: async (db) => {
 *   await db.updateInBatches<{ id: string; title: string }>('conversations', (row) =>
 *     row.title.trim() === row.title ? undefined : { title: row.title.trim() });
 * }
 */
export interface DataMigrationContext extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** The parameter placeholder of position `index` (1-based) in this dialect. */
  placeholder(index: number): string;
  quoteIdentifier(name: string): string;
  /** The table's rows in batches, ordered by key; progress counts rows read of `COUNT(*)`. */
  batches<Row extends Record<string, unknown>>(table: string, options?: BatchOptions): AsyncIterable<Row[]>;
  /**
   * Walks the table in batches and writes what `update` returns for each row (one `UPDATE ... WHERE
   * key = ?` per changed row); returns the number of rows changed.
   */
  updateInBatches<Row extends Record<string, unknown>>(
    table: string,
    update: (row: Row) => RowUpdate,
    options?: BatchOptions,
  ): Promise<number>;
  /** Progress of a hand-written loop. */
  progress(done: number, total?: number): void;
}

/** Receives `done`/`total` counts; the engine turns them into progress events. */
export type ProgressSink = (done: number, total: number | undefined) => void;

const DEFAULT_BATCH_SIZE = 1000;

/** The {@link DataMigrationContext} of one data migration, over its transaction. */
export function dataMigrationContext(
  executor: SqlExecutor,
  driver: MigrationDriver,
  progress: ProgressSink,
): DataMigrationContext {
  const q = (name: string) => driver.quoteIdentifier(name);
  const p = (index: number) => driver.placeholder(index);

  async function* batches<Row extends Record<string, unknown>>(
    table: string,
    options: BatchOptions = {},
  ): AsyncGenerator<Row[]> {
    const key = options.key ?? 'id';
    const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`batchSize must be a positive integer (got ${size})`);
    const columns = options.columns ? [...new Set([key, ...options.columns])].map(q).join(', ') : '*';
    const filter = options.where ? `(${options.where})` : undefined;
    const [counted] = await executor.query<{ total: number | string }>(
      `SELECT COUNT(*) AS total FROM ${q(table)}${filter ? ` WHERE ${filter}` : ''}`,
    );
    const total = Number(counted?.total ?? 0);
    progress(0, total);
    let done = 0;
    let last: unknown;
    for (;;) {
      const conditions = [filter, done === 0 ? undefined : `${q(key)} > ${p(1)}`].filter(Boolean);
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      const sql = `SELECT ${columns} FROM ${q(table)}${where} ORDER BY ${q(key)} LIMIT ${size}`;
      const rows = await executor.query<Row>(sql, done === 0 ? [] : [last]);
      if (rows.length === 0) return;
      last = rows[rows.length - 1]![key];
      yield rows;
      done += rows.length;
      progress(done, Math.max(total, done));
      if (rows.length < size) return;
    }
  }

  return {
    dialect: driver.sqlDialect,
    placeholder: p,
    quoteIdentifier: q,
    exec: (sql) => executor.exec(sql),
    query: (sql, params) => executor.query(sql, params),
    run: (sql, params) => executor.run(sql, params),
    batches,
    async updateInBatches(table, update, options = {}) {
      const key = options.key ?? 'id';
      const target = q(table);
      const keyColumn = q(key);
      let changed = 0;
      // The UPDATE of the last column list, kept: an update usually sets the same columns on every
      // row, and building and looking up its text per row cost as much as running it (1M rows).
      let columns: readonly string[] = [];
      let sql = '';
      // Each batch's updates of one UPDATE text, run together (one promise, not one per row).
      let group: unknown[][] = [];
      const flush = async () => {
        if (group.length === 0) return;
        const list = group;
        group = [];
        changed += await runEach(executor, sql, list);
      };
      for await (const rows of batches(table, options)) {
        for (const row of rows) {
          const values = update(row as never);
          if (values === undefined) continue;
          const names = Object.keys(values);
          if (names.length === 0) continue;
          if (!sameColumns(names, columns)) {
            await flush();
            columns = names;
            const assignments = names.map((column, i) => `${q(column)} = ${p(i + 1)}`).join(', ');
            sql = `UPDATE ${target} SET ${assignments} WHERE ${keyColumn} = ${p(names.length + 1)}`;
          }
          const params: unknown[] = names.map((column) => values[column]);
          params.push(row[key]);
          group.push(params);
        }
        await flush();
      }
      return changed;
    },
    progress,
  };
}

/** One statement per parameter list, in order: in one call when the executor can, else one `run` each. */
async function runEach(
  executor: SqlExecutor,
  sql: string,
  paramsList: readonly (readonly unknown[])[],
): Promise<number> {
  if (executor.runBatch) return executor.runBatch(sql, paramsList);
  let changed = 0;
  for (const params of paramsList) changed += await executor.run(sql, params);
  return changed;
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
