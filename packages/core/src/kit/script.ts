import { messageOf } from '../errors.js';
import type { SqlExecutor } from '../migrations/driver.js';
import type { SqlDialect } from '../sql/statement.js';

/** Statements after which MySQL and MariaDB commit implicitly (and before which, too). */
const IMPLICIT_COMMIT = /^(CREATE|ALTER|DROP|RENAME|TRUNCATE)\b(?!\s+TEMPORARY\b)/i;

/**
 * A statement of a multi-statement script failed. On a database that commits DDL at once, every
 * statement up to the last DDL before it stays applied, whatever transaction it ran in: the
 * message says exactly which.
 */
export class ScriptError extends Error {
  /** Statements of the script that stay applied (committed implicitly by a DDL statement). */
  readonly statementsCommitted: number;
  constructor(
    cause: unknown,
    failed: { readonly index: number; readonly total: number; readonly line: number },
    committed: number,
    engine: string,
  ) {
    const stays =
      committed === 0
        ? ''
        : `; ${committed === 1 ? 'statement 1 stays' : `statements 1-${committed} stay`} applied, since ${engine} ` +
          'commits DDL (CREATE, ALTER, DROP, RENAME, TRUNCATE) at once and cannot roll it back';
    super(`statement ${failed.index + 1} of ${failed.total} (line ${failed.line}): ${messageOf(cause)}${stays}`, {
      cause,
    });
    this.name = 'ScriptError';
    this.statementsCommitted = committed;
  }
}

export interface ScriptOptions {
  /** The SQL family, for splitting the script. */
  readonly sqlDialect: SqlDialect;
  /** Named in the message when DDL stays committed: `MariaDB`. */
  readonly engine: string;
}

/**
 * `executor` with an `exec` that runs a script statement by statement (split by core's
 * dialect-aware splitter, loaded on the first script), for drivers that take one statement per
 * call (mysql2). A failing statement of several becomes a {@link ScriptError} naming it, its line
 * and, for MySQL and MariaDB, the earlier statements their implicit commits keep.
 *
 * @example
 * const executor = statementByStatement(mysqlExecutor(connection), { sqlDialect: 'mysql', engine: 'MariaDB' });
 * await executor.exec('CREATE TABLE a (id INT);\nINSERT INTO missing VALUES (1);');
 * // ScriptError: statement 2 of 2 (line 2): Table 'x.missing' doesn't exist; statement 1 stays applied, …
 */
export function statementByStatement(executor: SqlExecutor, options: ScriptOptions): SqlExecutor {
  return {
    exec: (sql) => runScript(executor, sql, options),
    query: (sql, params) => executor.query(sql, params),
    run: (sql, params) => executor.run(sql, params),
    ...(executor.runBatch ? { runBatch: executor.runBatch.bind(executor) } : {}),
  };
}

async function runScript(executor: SqlExecutor, sql: string, { sqlDialect, engine }: ScriptOptions): Promise<void> {
  // Text without a `;` is one statement: no need to load the splitter for it.
  if (!sql.includes(';')) return executor.exec(sql);
  const { splitStatements } = await import('../sql/reading.js');
  const statements = splitStatements(sql, sqlDialect);
  const ddlCommits = sqlDialect === 'mysql';
  let committed = 0;
  for (const [index, statement] of statements.entries()) {
    try {
      await executor.exec(statement.text);
    } catch (error) {
      if (statements.length === 1) throw error;
      throw new ScriptError(error, { index, total: statements.length, line: statement.line }, committed, engine);
    }
    if (ddlCommits && IMPLICIT_COMMIT.test(statement.text)) committed = index + 1;
  }
}
