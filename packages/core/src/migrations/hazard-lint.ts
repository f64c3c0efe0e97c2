import type { LockHazard } from '../sql/lock-hazard.js';
import type { SqlDialect, SqlStatement, StatementFacts } from '../sql/statement.js';
import { type LintProblem, problem } from './lint-problem.js';
import type { Migration } from './migration.js';
import { compareVersions } from './validate.js';

type Reading = typeof import('../sql/reading.js');

/** Migrations that may hold a lock hazard, by their text: the rest skip the splitter. */
const GATES: Partial<Record<SqlDialect, RegExp>> = {
  postgres: /\b(?:alter\s+table|index|vacuum|cluster)\b/i,
  sqlite: /\balter\s+table\b/i,
};

/** Whether `up` may hold a lock hazard in `dialect`, cheaply. */
export function mayHoldHazard(migration: Migration, dialect: SqlDialect): boolean {
  return typeof migration.up === 'string' && migration.blocking !== true && GATES[dialect]?.test(migration.up) === true;
}

/** What one migration's up holds that the hazard check weighs: its hazards, and the tables it creates and validates. */
export class UpFacts {
  readonly hazards: { readonly hazard: LockHazard; readonly line: number }[] = [];
  /** Tables created, and tables whose constraint is validated, with the line of the first statement that does it. */
  readonly created = new Map<string, number>();
  readonly validated = new Map<string, number>();

  record(statement: SqlStatement, facts: StatementFacts, reading: Reading): void {
    for (const hazard of facts.lockHazards) this.hazards.push({ hazard, line: statement.line });
    for (const table of facts.createsTables) firstLine(this.created, nameOf(table), statement.line);
    const validated = /\bvalidate\b/i.test(statement.text) ? reading.validatedTable(statement.text) : undefined;
    if (validated !== undefined) firstLine(this.validated, validated, statement.line);
  }
}

/** Where the check looks for the tables a migration's hazards concern. */
export interface HazardContext {
  readonly dialect: SqlDialect;
  /**
   * `run`: a table created by a pending migration earlier in the run is new (empty, unseen), as before
   * a run; `migration`: each migration as the next to run on a database where every earlier one is
   * applied, as `infer migrate lint` sees them.
   */
  readonly scope: 'run' | 'migration';
  /** Every migration; `isPending` tells those about to run. */
  readonly migrations: readonly Migration[];
  readonly isPending: (migration: Migration) => boolean;
}

/**
 * The lock hazards of a pending migration whose up was read into `up`: a warning each (an error
 * for a migration with `strict: true`, and for a SQLite form that can never run), unless the table
 * is new, or (SET NOT NULL) an earlier statement or migration validated a constraint of the table.
 */
export function hazardProblems(
  migration: Migration,
  up: UpFacts,
  context: HazardContext,
  reading: Reading,
): LintProblem[] {
  const problems: LintProblem[] = [];
  const rule = context.dialect === 'sqlite' ? 'alter-table' : 'lock';
  for (const { hazard, line } of up.hazards) {
    const site: Site = { table: hazard.table, line, migration, up };
    if (hazard.applies === 'existing' && isNew(site, context, reading)) continue;
    if (hazard.id === 'set-not-null' && wasValidated(site, context, reading)) continue;
    const severity = hazard.applies === 'always' || migration.strict === true ? 'error' : 'warning';
    const accept = hazard.applies === 'existing' ? ', or set "blocking: true" to accept it' : '';
    const text = `${hazard.reason} (line ${line}): ${hazard.fix}${accept}`;
    problems.push({ ...problem(migration, rule, severity, text), line, check: hazard.id });
  }
  return problems;
}

/** Where a hazard was found: the table it concerns, the line, and the migration with its up's facts. */
interface Site {
  readonly table: string;
  readonly line: number;
  readonly migration: Migration;
  readonly up: UpFacts;
}

/** Whether `lines` (table → first line) holds the site's table at a line before the site's. */
function before(lines: ReadonlyMap<string, number>, site: Site): boolean {
  return (lines.get(site.table) ?? Number.POSITIVE_INFINITY) < site.line;
}

function isNew(site: Site, context: HazardContext, reading: Reading): boolean {
  if (before(site.up.created, site)) return true;
  if (context.scope === 'migration') return false;
  return earlierThan(site.migration, context)
    .filter(context.isPending)
    .some(
      (m) => mentions(m, site.table) && statementsOf(m, context.dialect, reading).some((s) => s.creates(site.table)),
    );
}

function wasValidated(site: Site, context: HazardContext, reading: Reading): boolean {
  if (before(site.up.validated, site)) return true;
  return earlierThan(site.migration, context).some(
    (m) =>
      typeof m.up === 'string' &&
      /\bvalidate\s+constraint\b/i.test(m.up) &&
      reading.splitStatements(m.up, 'postgres').some((s) => reading.validatedTable(s.text) === site.table),
  );
}

function earlierThan(migration: Migration, context: HazardContext): Migration[] {
  return context.migrations.filter((m) => compareVersions(m.version, migration.version) < 0);
}

/** A cheap test before splitting: the table's name appears in the up's text. */
function mentions(migration: Migration, table: string): boolean {
  return typeof migration.up === 'string' && migration.up.toLowerCase().includes(table);
}

function statementsOf(migration: Migration, dialect: SqlDialect, reading: Reading) {
  return reading.splitStatements(migration.up as string, dialect).map((statement) => {
    const created = reading.classifyStatement(statement, dialect).createsTables.map(nameOf);
    return { creates: (table: string) => created.includes(table) };
  });
}

/** `app.Users` → `users`: the key the hazards name tables by. */
function nameOf(table: string): string {
  return (table.split('.').at(-1) ?? table).toLowerCase();
}

function firstLine(lines: Map<string, number>, table: string, line: number): void {
  if (!lines.has(table)) lines.set(table, line);
}
