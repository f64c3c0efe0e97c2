import type { ExternalStatementRule } from './driver.js';
import type { LintOptions } from './lint-options.js';
import { type LintProblem, problem } from './lint-problem.js';
import type { UpFacts } from './hazard-lint.js';
import type { Migration } from './migration.js';

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
export function externalGate(rules: readonly ExternalStatementRule[] | undefined): RegExp | undefined {
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
 * Statement by statement: ones that reach outside the database without `external: true`, and of an
 * up, destructive ones without `destructive: true` and ones that cannot run in a transaction. Of an
 * up, what the lock-hazard check needs is recorded in `upFacts` when given.
 */
export function statementProblems(
  migration: Migration,
  direction: 'up' | 'down',
  sql: string,
  options: LintOptions,
  reading: typeof import('../sql/reading.js'),
  upFacts?: UpFacts,
): LintProblem[] {
  const problems: LintProblem[] = [];
  for (const statement of reading.splitStatements(sql, options.dialect)) {
    const facts = reading.classifyStatement(statement, options.dialect, options.externalStatements);
    if (upFacts !== undefined && direction === 'up') upFacts.record(statement, facts, reading);
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
