import { messageOf } from '../errors.js';
import { declaredChecksumProblem } from './checksum.js';
import type { ExternalStatementRule, MigrationDriver, SqlDialect } from './driver.js';
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
  /**
   * An entry named like a migration that is not a regular file (a FIFO, socket, device, directory, dangling link), so
   * was skipped.
   */
  | 'file-type'
  /**
   * A statement that reaches outside the database (another database file, a file or program of the server) without
   * `external: true`.
   */
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

/**
 * Keywords without which no statement can be destructive or refuse a transaction: most migrations skip the splitter.
 */
const WORTH_SPLITTING = /\b(drop|truncate|delete|rename|concurrently|vacuum|database|system|tablespace)\b/i;

/** What the checks of a migration list need to know of the driver. */
export interface LintOptions {
  readonly dialect: SqlDialect;
  /** The driver's `outsideTransactionRefusal`: a pending migration without a transaction is then an error. */
  readonly outsideTransactionRefusal?: string | undefined;
  /** The driver's `externalStatements`: a migration with one and without `external: true` is an error. */
  readonly externalStatements?: readonly ExternalStatementRule[] | undefined;
}

/** The lint options of a driver. */
export function lintOptionsOf(driver: MigrationDriver): LintOptions {
  return {
    dialect: driver.sqlDialect,
    outsideTransactionRefusal: driver.outsideTransactionRefusal,
    externalStatements: driver.externalStatements,
  };
}

/**
 * The checks run before every migration run (and by `infer migrate lint`): the list's definitions,
 * and for each pending migration its order, empty SQL, destructive statements without
 * `destructive: true`, and statements that cannot run in a transaction in a migration that has not
 * opted out of one, and statements of its up or down that reach outside the database without
 * `external: true`. Cheap: SQL is split into statements only when it mentions a keyword of interest.
 */
export async function lintMigrations(
  migrations: readonly Migration[],
  options: LintOptions & { readonly appliedVersions: ReadonlySet<string> },
): Promise<LintProblem[]> {
  const isApplied = (m: Migration) => options.appliedVersions.has(versionKey(m.version));
  const appliedKnown = migrations.filter(isApplied).sort((a, b) => compareVersions(a.version, b.version));
  const highestApplied = appliedKnown.at(-1)?.version;
  // One list per migration, in order; the SQL of the few worth splitting is split after the loop,
  // with the splitter loaded once: a loop without an await per migration stays cheap at 1000.
  const found: LintProblem[][] = [definitionProblems(migrations)];
  const toSplit: {
    readonly migration: Migration;
    readonly direction: 'up' | 'down';
    readonly sql: string;
    readonly problems: LintProblem[];
  }[] = [];
  const external = externalGate(options.externalStatements);
  for (const migration of migrations) {
    const problems: LintProblem[] = [];
    found.push(problems);
    if (migration.down === undefined) {
      problems.push(
        problem(migration, 'missing-down', 'warning', 'has no down: "infer migrate down" cannot revert it'),
      );
    }
    if (isApplied(migration)) continue;
    if (highestApplied !== undefined && compareVersions(migration.version, highestApplied) < 0) {
      problems.push(
        problem(
          migration,
          'order',
          'error',
          `is pending but ${highestApplied} is already applied: it would run out of order; give it a version ` +
            `after ${highestApplied}`,
        ),
      );
    }
    if (migration.transaction === false && options.outsideTransactionRefusal !== undefined) {
      problems.push(
        problem(
          migration,
          'transaction',
          'error',
          `opts out of a transaction (transaction=false), which ${options.outsideTransactionRefusal}`,
        ),
      );
    }
    problems.push(...textProblems(migration));
    // Only for the migrations about to run: once applied, a declared checksum is what drift
    // compares, so a wrong one must never reach the ledger.
    const stale = declaredChecksumProblem(migration);
    if (stale !== undefined) problems.push(problem(migration, 'checksum', 'error', stale));
    const { up, down } = migration;
    if (typeof up === 'string' && (WORTH_SPLITTING.test(up) || external?.test(up)))
      toSplit.push({ migration, direction: 'up', sql: up, problems });
    if (typeof down === 'string' && external?.test(down))
      toSplit.push({ migration, direction: 'down', sql: down, problems });
  }
  if (toSplit.length > 0) {
    const reading = await import('../sql/reading.js');
    for (const { migration, direction, sql, problems } of toSplit)
      problems.push(...statementProblems(migration, direction, sql, options, reading));
  }
  return found.flat();
}

/**
 * Statements of the downs about to run that reach outside the database without `external: true`:
 * the check of `down`, whose migrations were checked as pending before they were applied but may
 * have changed since (a down is not in the checksum).
 */
export async function downProblems(migrations: readonly Migration[], options: LintOptions): Promise<LintProblem[]> {
  const external = externalGate(options.externalStatements);
  const downs = migrations.filter(
    (m): m is Migration & { down: string } => typeof m.down === 'string' && external?.test(m.down) === true,
  );
  if (downs.length === 0) return [];
  const reading = await import('../sql/reading.js');
  return downs.flatMap((migration) => statementProblems(migration, 'down', migration.down, options, reading));
}

const gates = new WeakMap<readonly ExternalStatementRule[], RegExp>();

/**
 * A test a text must pass to hold an external statement: one of the rules' first words (a keyword
 * or a function name). A rule without such a word makes every text pass.
 */
function externalGate(rules: readonly ExternalStatementRule[] | undefined): RegExp | undefined {
  if (rules === undefined || rules.length === 0) return undefined;
  if (!gates.has(rules)) {
    const words = rules.map((rule) =>
      /(?:^|\s)([\p{L}_][\p{L}\p{N}_$]*)/u.exec(rule.pattern)?.[1]?.replaceAll('$', '\\$'),
    );
    const pattern = words.includes(undefined) ? '' : `(?<![\\p{L}\\p{N}_$])(?:${words.join('|')})(?![\\p{L}\\p{N}_$])`;
    gates.set(rules, new RegExp(pattern, 'iu'));
  }
  return gates.get(rules);
}

/**
 * The full lint of `infer migrate lint`: {@link lintMigrations} over every migration as if none
 * were applied, plus the database's own parser: every SQL migration runs, in order, up then down,
 * in the driver's scratch space, which is discarded.
 */
export async function lintWithDatabase(
  migrations: readonly Migration[],
  driver: MigrationDriver,
): Promise<LintProblem[]> {
  const problems = await lintMigrations(migrations, { ...lintOptionsOf(driver), appliedVersions: new Set() });
  if (problems.some((p) => p.rule === 'version' || p.rule === 'duplicate')) return problems;
  const sorted = [...migrations].sort((a, b) => compareVersions(a.version, b.version));
  // What reaches outside the database never runs here, declared or not: the scratch space is all lint may write.
  const external = new Set(problems.filter((p) => p.rule === 'external').map((p) => p.version));
  for (const migration of sorted.filter((m) => m.external === true)) {
    external.add(migration.version);
    problems.push(
      problem(
        migration,
        'external',
        'warning',
        `is declared external: lint does not run it in its scratch space, so ${driver.dialect} did not check its SQL`,
      ),
    );
  }
  await driver.scratch(async (executor) => {
    const failed = new Set<string>(external);
    for (const migration of sorted) {
      if (typeof migration.up !== 'string' || migration.transaction === false || external.has(migration.version))
        continue;
      try {
        await executor.exec(migration.up);
      } catch (error) {
        failed.add(migration.version);
        problems.push(
          problem(migration, 'syntax', 'error', `up does not run on ${driver.dialect}: ${messageOf(error)}`),
        );
      }
    }
    for (const migration of [...sorted].reverse()) {
      if (typeof migration.down !== 'string' || migration.transaction === false || failed.has(migration.version))
        continue;
      try {
        await executor.exec(migration.down);
      } catch (error) {
        problems.push(
          problem(migration, 'syntax', 'error', `down does not run on ${driver.dialect}: ${messageOf(error)}`),
        );
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
      ? [
          problem(
            migration,
            'transaction',
            'error',
            'is a data migration that opts out of a transaction: run data migrations in one, so a failure ' +
              'leaves nothing behind',
          ),
        ]
      : [];
  }
  const problems: LintProblem[] = [];
  if (isBlank(up)) problems.push(problem(migration, 'empty', 'error', 'has an empty up (no SQL statement)'));
  if (typeof down === 'string' && isBlank(down)) {
    problems.push(
      problem(
        migration,
        'empty',
        'error',
        'has an empty down (no SQL statement); leave down out if it cannot be reverted',
      ),
    );
  }
  return problems;
}

/**
 * Statement by statement: ones that reach outside the database without `external: true`, and of an
 * up, destructive ones without `destructive: true` and ones that cannot run in a transaction.
 */
function statementProblems(
  migration: Migration,
  direction: 'up' | 'down',
  sql: string,
  options: LintOptions,
  reading: typeof import('../sql/reading.js'),
): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const statement of reading.splitStatements(sql, options.dialect)) {
    const facts = reading.classifyStatement(statement, options.dialect, options.externalStatements);
    if (facts.external && migration.external !== true) {
      const where = direction === 'up' ? `line ${statement.line}` : `down, line ${statement.line}`;
      problems.push({
        ...problem(
          migration,
          'external',
          'error',
          `${facts.external} (${where}): it reaches outside the database; set "external: true" on the migration ` +
            'to acknowledge it',
        ),
        line: statement.line,
      });
    }
    if (direction === 'down') continue;
    if (facts.destructive && migration.destructive !== true) {
      problems.push({
        ...problem(
          migration,
          'destructive',
          'error',
          `${facts.destructive} (line ${statement.line}) destroys data: set "destructive: true" on the ` +
            'migration to acknowledge it',
        ),
        line: statement.line,
      });
    }
    if (facts.nonTransactional && migration.transaction !== false) {
      problems.push({
        ...problem(
          migration,
          'transaction',
          'error',
          `${facts.nonTransactional} (line ${statement.line}) cannot run in a transaction: set ` +
            '"transaction: false" on the migration',
        ),
        line: statement.line,
      });
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
  return {
    version: migration.version,
    rule,
    severity,
    message: `migration ${migration.version} (${migration.description}) ${text}`,
  };
}
