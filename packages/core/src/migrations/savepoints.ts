import type { SqlExecutor } from './driver.js';

/**
 * An executor whose every call runs in a savepoint, so that a statement that fails undoes only its
 * own call and leaves the surrounding transaction usable (PostgreSQL would otherwise refuse every
 * later statement). For a driver's `scratch`, where lint runs migration after migration.
 */
export function withSavepoints(executor: SqlExecutor): SqlExecutor {
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    await executor.exec('SAVEPOINT infer_lint_statement');
    try {
      const result = await work();
      await executor.exec('RELEASE SAVEPOINT infer_lint_statement');
      return result;
    } catch (error) {
      await executor.exec('ROLLBACK TO SAVEPOINT infer_lint_statement');
      throw error;
    }
  }
  return {
    exec: (sql) => guarded(() => executor.exec(sql)),
    query: <Row>(sql: string, params?: readonly unknown[]) => guarded(() => executor.query<Row>(sql, params)),
    run: (sql, params) => guarded(() => executor.run(sql, params)),
  };
}
