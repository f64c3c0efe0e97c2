import { messageOf } from '../errors.js';
import type { MigrationDriver } from './driver.js';
import { migrationProblems } from './lint.js';
import { lintOptionsOf } from './lint-options.js';
import { type LintProblem, problem } from './lint-problem.js';
import type { Migration } from './migration.js';
import type { CheckedMigrations } from './validate.js';

/**
 * The full lint of `infer migrate lint`: the list's definitions (`checked`, of `migrations`) and
 * each migration's problems as if none were applied, plus the database's own parser: every SQL
 * migration runs, in order, up then down, in the driver's scratch space, which is discarded.
 * `database` names it in the findings (`SQLite`).
 */
export async function lintWithDatabase(
  migrations: readonly Migration[],
  checked: CheckedMigrations,
  driver: MigrationDriver,
  database: string,
): Promise<LintProblem[]> {
  const problems = [
    ...checked.problems,
    // Lock hazards as each migration would meet them on a database where every earlier one is applied.
    ...(await migrationProblems(migrations, {
      ...lintOptionsOf(driver),
      appliedVersions: new Set(),
      hazardScope: 'migration',
    })),
  ];
  if (problems.some((p) => p.rule === 'version' || p.rule === 'duplicate')) return problems;
  const { sorted } = checked;
  // What reaches outside the database never runs here, declared or not: the scratch space is all lint may write.
  const external = new Set(problems.filter((p) => p.rule === 'external').map((p) => p.version));
  for (const migration of sorted.filter((m) => m.external === true)) {
    external.add(migration.version);
    problems.push(
      problem(
        migration,
        'external',
        'warning',
        `is declared external: lint does not run it in its scratch space, so ${database} did not check its SQL`,
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
        problems.push(problem(migration, 'syntax', 'error', `up does not run on ${database}: ${messageOf(error)}`));
      }
    }
    for (const migration of [...sorted].reverse()) {
      if (typeof migration.down !== 'string' || migration.transaction === false || failed.has(migration.version))
        continue;
      try {
        await executor.exec(migration.down);
      } catch (error) {
        problems.push(problem(migration, 'syntax', 'error', `down does not run on ${database}: ${messageOf(error)}`));
      }
    }
  });
  return problems;
}
