import { declaredChecksumProblem } from './checksum.js';
import { type HazardContext, UpFacts, hazardProblems, mayHoldHazard } from './hazard-lint.js';
import type { LintOptions } from './lint-options.js';
import { type LintProblem, problem } from './lint-problem.js';
import type { Migration } from './migration.js';
import { externalGate, statementProblems } from './statement-lint.js';
import { checkMigrations, compareVersions, versionKey } from './validate.js';

/**
 * Keywords without which no statement can be destructive or refuse a transaction: most migrations skip the splitter.
 */
const WORTH_SPLITTING = /\b(drop|truncate|delete|rename|concurrently|vacuum|database|system|tablespace)\b/i;

/**
 * What lint needs to know besides the migrations: the driver's rules, what is applied, and where the
 * lock-hazard check looks for new tables (`HazardContext.scope`, default `run`).
 */
type LintContext = LintOptions & {
  readonly appliedVersions: ReadonlySet<string>;
  readonly hazardScope?: HazardContext['scope'];
};

/**
 * The checks run before every migration run (and by `infer migrate lint`): the list's definitions
 * (see `checkMigrations`), then each migration's own, {@link migrationProblems}.
 */
export async function lintMigrations(migrations: readonly Migration[], options: LintContext): Promise<LintProblem[]> {
  return [...checkMigrations(migrations).problems, ...(await migrationProblems(migrations, options))];
}

/**
 * Each migration's own problems, for a list whose definitions are checked apart: a missing down,
 * and for each pending migration its order, empty SQL, destructive statements without
 * `destructive: true`, and statements that cannot run in a transaction in a migration that has not
 * opted out of one, statements of its up or down that reach outside the database without
 * `external: true`, and statements that block a table that has rows (`hazardProblems`). Cheap: SQL
 * is split into statements only when it mentions a keyword of interest.
 */
export async function migrationProblems(
  migrations: readonly Migration[],
  options: LintContext,
): Promise<LintProblem[]> {
  const isApplied = (m: Migration) => options.appliedVersions.has(versionKey(m.version));
  const appliedKnown = migrations.filter(isApplied).sort((a, b) => compareVersions(a.version, b.version));
  const highestApplied = appliedKnown.at(-1)?.version;
  // One list per migration, in order; the SQL of the few worth splitting is split after the loop,
  // with the splitter loaded once: a loop without an await per migration stays cheap at 1000.
  const found: LintProblem[][] = [];
  const toSplit: {
    readonly migration: Migration;
    readonly direction: 'up' | 'down';
    readonly sql: string;
    readonly problems: LintProblem[];
    readonly upFacts?: UpFacts;
  }[] = [];
  for (const migration of migrations) {
    const problems: LintProblem[] = [];
    found.push(problems);
    if (migration.down === undefined) {
      problems.push(
        problem(migration, 'missing-down', 'warning', 'has no down: "infer migrate down" cannot revert it'),
      );
    }
    if (isApplied(migration)) continue;
    // Built for the first pending migration (then cached): a Unicode, case-blind expression costs a
    // start a millisecond, and a run with nothing pending never needs it.
    const external = externalGate(options.externalStatements);
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
    const upFacts = mayHoldHazard(migration, options.dialect) ? new UpFacts() : undefined;
    if (typeof up === 'string' && (WORTH_SPLITTING.test(up) || external?.test(up) || upFacts))
      toSplit.push({ migration, direction: 'up', sql: up, problems, ...(upFacts && { upFacts }) });
    if (typeof down === 'string' && external?.test(down))
      toSplit.push({ migration, direction: 'down', sql: down, problems });
  }
  if (toSplit.length > 0) {
    const reading = await import('../sql/reading.js');
    const hazards: HazardContext = {
      dialect: options.dialect,
      scope: options.hazardScope ?? 'run',
      migrations,
      isPending: (m) => !isApplied(m),
    };
    for (const { migration, direction, sql, problems, upFacts } of toSplit) {
      problems.push(...statementProblems(migration, direction, sql, options, reading, upFacts));
      if (upFacts) problems.push(...hazardProblems(migration, upFacts, hazards, reading));
    }
  }
  return found.flat();
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

/** Nothing but comments, semicolons and white space. */
function isBlank(sql: string): boolean {
  return BLANK.test(sql);
}

/** Anchored: a real migration fails it at its first keyword, without scanning the rest. */
const BLANK = /^(?:\s|;|--[^\n]*|\/\*[\s\S]*?\*\/)*$/;
