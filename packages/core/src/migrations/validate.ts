import { MigrationDefinitionError } from './errors.js';
import type { LintProblem } from './lint-problem.js';
import type { Migration } from './migration.js';

const VERSION = /^\d+$/;

/**
 * Numeric order of two digits-only versions, without the limits of `Number`. A version that is not
 * digits only (possible in a ledger that another tool wrote) sorts after every numeric one.
 */
export function compareVersions(a: string, b: string): number {
  // No BigInt, and no destructuring (the iterator protocol, slow before V8 optimises): the checks
  // before every run sort 1000 migrations several times, in a process that starts cold.
  const numericA = VERSION.test(a);
  const numericB = VERSION.test(b);
  if (!numericA || !numericB) return numericA === numericB ? a.localeCompare(b) : numericA ? -1 : 1;
  // Digits only: of the same length they compare as text; else drop leading zeros and the longer is larger.
  const sameLength = a.length === b.length;
  const x = sameLength ? a : withoutLeadingZeros(a);
  const y = sameLength ? b : withoutLeadingZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The identity of a version: "001" and "1" are the same migration. */
export function versionKey(version: string): string {
  return VERSION.test(version) ? withoutLeadingZeros(version) : version;
}

/** A digits-only version as its number prints: "007" is "7", "000" is "0". */
function withoutLeadingZeros(digits: string): string {
  let start = 0;
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++;
  return start === 0 ? digits : digits.slice(start);
}

/** A migration list checked once: what makes it unusable, and the list in version order. */
export interface CheckedMigrations {
  /** Each migration's problems in list order, then the duplicates; none when the list can run. */
  readonly problems: readonly LintProblem[];
  /** The migrations whose version is digits only, in version order: the whole list when there are no problems. */
  readonly sorted: readonly Migration[];
}

/**
 * What makes a migration list unusable whatever the database holds: a version that is not digits
 * only, an empty description, two migrations with the same numeric version ("1" and "001"
 * included), an `up` that is neither SQL nor a function, a `statementTimeout` that is not a number
 * above 0. Sorts the list once on the way.
 */
export function checkMigrations(migrations: readonly Migration[]): CheckedMigrations {
  const problems: LintProblem[] = [];
  const error = (version: string, rule: LintProblem['rule'], message: string) =>
    problems.push({ version, rule, severity: 'error', message });
  for (const m of migrations) {
    if (!VERSION.test(m.version))
      error(
        m.version,
        'version',
        `version "${m.version}" (${m.description}) is not sortable: use digits only, e.g. "003"`,
      );
    if (typeof m.description !== 'string' || m.description.trim() === '')
      error(m.version, 'version', `migration ${m.version} has an empty description`);
    if (typeof m.up !== 'string' && typeof m.up !== 'function')
      error(m.version, 'empty', `migration ${m.version} has no up (SQL text or a function)`);
    if (m.statementTimeout !== undefined && !(m.statementTimeout > 0 && Number.isFinite(m.statementTimeout)))
      error(
        m.version,
        'version',
        `migration ${m.version} (${m.description}) has statementTimeout ${m.statementTimeout}: it must be a ` +
          'number of seconds above 0, or left out for no limit',
      );
  }
  const sorted = migrations
    .filter((m) => VERSION.test(m.version))
    .sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < sorted.length; i++) {
    const [previous, current] = [sorted[i - 1]!, sorted[i]!];
    if (compareVersions(previous.version, current.version) === 0) {
      error(
        current.version,
        'duplicate',
        `duplicate migration version: "${previous.version}" (${previous.description}) and "${current.version}" ` +
          `(${current.description})`,
      );
    }
  }
  return { problems, sorted };
}

/** The checked list in version order; throws a {@link MigrationDefinitionError} naming its first problem. */
export function runnable({ problems, sorted }: CheckedMigrations): readonly Migration[] {
  if (problems.length > 0) throw new MigrationDefinitionError(problems[0]!.message, { problems });
  return sorted;
}

/**
 * Checks a migration list and returns it in version order. Throws a
 * {@link MigrationDefinitionError} naming the first problem of {@link checkMigrations}, before anything runs.
 */
export function validateMigrations(migrations: readonly Migration[]): Migration[] {
  return [...runnable(checkMigrations(migrations))];
}
