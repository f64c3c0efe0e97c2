import { messageOf } from '../errors.js';
import { declaredChecksumProblem } from './checksum.js';
import type { MigrationDriver, SqlDialect } from './driver.js';
import type { Migration } from './migration.js';
import { compareVersions, definitionProblems, versionKey } from './validate.js';

/** What a lint rule is about. */
export type LintRule =
  | 'version'
  | 'duplicate'
  | 'order'
  | 'missing-down'
  | 'empty'
  | 'syntax'
  | 'destructive'
  | 'transaction'
  /** A SQL migration declares a checksum that is not its text's. */
  | 'checksum'
  /** An entry of the migrations directory that is not named like a migration, or is hidden, so was ignored. */
  | 'file-name'
  /** An entry named like a migration that is not a regular file (a FIFO, socket, device, directory, dangling link), so was skipped. */
  | 'file-type'
  /** A statement that reaches outside the database (another database file, a file or program of the server) without `external: true`. */
  | 'external';

/** One finding of the linter; errors stop a run before anything is written, warnings do not. */
export interface LintProblem {
  /** `-` for a finding about a directory entry that holds no migration (rules `file-name`, `file-type`). */
  readonly version: string;
  readonly rule: LintRule;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Line in the migration's SQL, for statement-level findings. */
  readonly line?: number;
}

/** Keywords without which no statement can be destructive or refuse a transaction: most migrations skip the splitter. */
const WORTH_SPLITTING = /\b(drop|truncate|delete|rename|concurrently|vacuum|database|system|tablespace)\b/i;

/**
 * The checks run before every migration run (and by `infer migrate lint`): the list's definitions,
 * and for each pending migration its order, empty SQL, destructive statements without
 * `destructive: true`, and statements that cannot run in a transaction in a migration that has not
 * opted out of one. Cheap: SQL is split into statements only when it mentions a keyword of interest.
 */
export async function lintMigrations(
  migrations: readonly Migration[],
  options: {
    readonly dialect: SqlDialect;
    readonly appliedVersions: ReadonlySet<string>;
    /** The driver's `outsideTransactionRefusal`: a pending migration without a transaction is then an error. */
    readonly outsideTransactionRefusal?: string | undefined;
  },
): Promise<LintProblem[]> {
  const isApplied = (m: Migration) => options.appliedVersions.has(versionKey(m.version));
  const appliedKnown = migrations.filter(isApplied).sort((a, b) => compareVersions(a.version, b.version));
  const highestApplied = appliedKnown.at(-1)?.version;
  // One list per migration, in order; the SQL of the few worth splitting is split after the loop,
  // with the splitter loaded once: a loop without an await per migration stays cheap at 1000.
  const found: LintProblem[][] = [definitionProblems(migrations)];
  const toSplit: { readonly migration: Migration; readonly up: string; readonly problems: LintProblem[] }[] = [];
  for (const migration of migrations) {
    const problems: LintProblem[] = [];
    found.push(problems);
    if (migration.down === undefined) {
      problems.push(problem(migration, 'missing-down', 'warning', 'has no down: "infer migrate down" cannot revert it'));
    }
    if (isApplied(migration)) continue;
    if (highestApplied !== undefined && compareVersions(migration.version, highestApplied) < 0) {
      problems.push(problem(migration, 'order', 'error', `is pending but ${highestApplied} is already applied: it would run out of order; give it a version after ${highestApplied}`));
    }
    if (migration.transaction === false && options.outsideTransactionRefusal !== undefined) {
      problems.push(problem(migration, 'transaction', 'error', `opts out of a transaction (transaction=false), which ${options.outsideTransactionRefusal}`));
    }
    problems.push(...textProblems(migration));
    // Only for the migrations about to run: once applied, a declared checksum is what drift
    // compares, so a wrong one must never reach the ledger.
    const stale = declaredChecksumProblem(migration);
    if (stale !== undefined) problems.push(problem(migration, 'checksum', 'error', stale));
    if (typeof migration.up === 'string' && WORTH_SPLITTING.test(migration.up)) toSplit.push({ migration, up: migration.up, problems });
  }
  if (toSplit.length > 0) {
    const sql = await import('../sql/reading.js');
    for (const { migration, up, problems } of toSplit) problems.push(...statementProblems(migration, up, options.dialect, sql));
  }
  return found.flat();
}

/**
 * The full lint of `infer migrate lint`: {@link lintMigrations} over every migration as if none
 * were applied, plus the database's own parser: every SQL migration runs, in order, up then down,
 * in the driver's scratch space, which is discarded.
 */
export async function lintWithDatabase(migrations: readonly Migration[], driver: MigrationDriver): Promise<LintProblem[]> {
  const problems = await lintMigrations(migrations, {
    dialect: driver.sqlDialect,
    appliedVersions: new Set(),
    outsideTransactionRefusal: driver.outsideTransactionRefusal,
  });
  if (problems.some((p) => p.rule === 'version' || p.rule === 'duplicate')) return problems;
  const sorted = [...migrations].sort((a, b) => compareVersions(a.version, b.version));
  await driver.scratch(async (executor) => {
    const failed = new Set<string>();
    for (const migration of sorted) {
      if (typeof migration.up !== 'string' || migration.transaction === false) continue;
      try {
        await executor.exec(migration.up);
      } catch (error) {
        failed.add(migration.version);
        problems.push(problem(migration, 'syntax', 'error', `up does not run on ${driver.dialect}: ${messageOf(error)}`));
      }
    }
    for (const migration of [...sorted].reverse()) {
      if (typeof migration.down !== 'string' || migration.transaction === false || failed.has(migration.version)) continue;
      try {
        await executor.exec(migration.down);
      } catch (error) {
        problems.push(problem(migration, 'syntax', 'error', `down does not run on ${driver.dialect}: ${messageOf(error)}`));
      }
    }
  });
  return problems;
}

/** What the text of a migration shows without splitting it: empty SQL, a data migration outside a transaction. */
function textProblems(migration: Migration): LintProblem[] {
  const { up, down } = migration;
  if (typeof up !== 'string') {
    return migration.transaction === false
      ? [problem(migration, 'transaction', 'error', 'is a data migration that opts out of a transaction: run data migrations in one, so a failure leaves nothing behind')]
      : [];
  }
  const problems: LintProblem[] = [];
  if (isBlank(up)) problems.push(problem(migration, 'empty', 'error', 'has an empty up (no SQL statement)'));
  if (typeof down === 'string' && isBlank(down)) {
    problems.push(problem(migration, 'empty', 'error', 'has an empty down (no SQL statement); leave down out if it cannot be reverted'));
  }
  return problems;
}

/** Statement by statement: destructive ones without `destructive: true`, ones that cannot run in a transaction. */
function statementProblems(migration: Migration, up: string, dialect: SqlDialect, sql: typeof import('../sql/reading.js')): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const statement of sql.splitStatements(up, dialect)) {
    const facts = sql.classifyStatement(statement, dialect);
    if (facts.destructive && migration.destructive !== true) {
      problems.push({ ...problem(migration, 'destructive', 'error', `${facts.destructive} (line ${statement.line}) destroys data: set "destructive: true" on the migration to acknowledge it`), line: statement.line });
    }
    if (facts.nonTransactional && migration.transaction !== false) {
      problems.push({ ...problem(migration, 'transaction', 'error', `${facts.nonTransactional} (line ${statement.line}) cannot run in a transaction: set "transaction: false" on the migration`), line: statement.line });
    }
  }
  return problems;
}

/** Nothing but comments, semicolons and white space. */
function isBlank(sql: string): boolean {
  return BLANK.test(sql);
}

/** Anchored: a real migration fails it at its first keyword, without scanning the rest. */
const BLANK = /^(?:\s|;|--[^\n]*|\/\*[\s\S]*?\*\/)*$/;

function problem(migration: Migration, rule: LintRule, severity: LintProblem['severity'], text: string): LintProblem {
  return { version: migration.version, rule, severity, message: `migration ${migration.version} (${migration.description}) ${text}` };
}
