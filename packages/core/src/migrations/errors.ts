import { ConnectionError, ErrorCode, InferError, messageOf } from '../errors.js';
import type { LintProblem } from './lint-problem.js';
import type { LedgerRow, MigrationResult } from './migration.js';
import { nounFor } from '../text/count.js';

/** How many versions an error names before "and N more": a line stays readable with 300 of them. */
const VERSIONS_SHOWN = 5;

/** `001, 002, 003, 004, 005 and 295 more` */
function someOf(versions: readonly string[]): string {
  if (versions.length <= VERSIONS_SHOWN) return versions.join(', ');
  return `${versions.slice(0, VERSIONS_SHOWN).join(', ')} and ${versions.length - VERSIONS_SHOWN} more`;
}

/** Where a migration that ran outside a transaction stopped: the one case of partial state. */
export interface PartialState {
  /** Statements of `up` that ran and stay applied. */
  readonly statementsApplied: number;
  readonly statementsTotal: number;
  /** Line of the failed statement in the migration's SQL; absent when the ledger write failed. */
  readonly failedAtLine?: number;
  /** Every statement ran, then the ledger write of this direction failed: the ledger is behind. */
  readonly ledgerBehind?: 'up' | 'down';
}

/** A migration failed; it was rolled back (unless it ran outside a transaction) and those after it did not run. */
export class MigrationError extends InferError {
  readonly version: string;
  readonly description: string;
  /** What happened to every migration of the run, up to and including the failed one. */
  readonly results: readonly MigrationResult[];
  /** Set when the migration ran outside a transaction: what of it stays applied. */
  readonly partial: PartialState | undefined;

  /**
   * `transactionalDdl: false`: the database commits DDL at once (MySQL, MariaDB), so what the
   * migration's DDL did before the failure stays, even inside a transaction; the cause says what.
   */
  constructor(
    version: string,
    description: string,
    cause: unknown,
    results: readonly MigrationResult[],
    partial?: PartialState,
    options: { readonly transactionalDdl?: boolean } = {},
  ) {
    super(
      ErrorCode.Migration,
      `migration ${version} (${description}) failed${partial ? partialWhere(partial) : ''}: ${messageOf(cause)}`,
      {
        cause,
        hint: partial
          ? partialHint(version, partial)
          : options.transactionalDdl === false
            ? 'its data changes were rolled back, but this database commits DDL at once: the schema changes it ' +
              'made before the failure stay and it is not recorded; undo them by hand (or make the migration ' +
              'idempotent), then run "infer migrate" again'
            : 'the migration was rolled back and nothing after it ran; fix the cause and run "infer migrate" again',
      },
    );
    this.version = version;
    this.description = description;
    this.results = results;
    this.partial = partial;
  }
}

function partialWhere({ statementsApplied, statementsTotal, failedAtLine }: PartialState): string {
  if (failedAtLine === undefined) {
    const statements = statementsTotal === 1 ? 'its only statement' : `all ${statementsTotal} of its statements`;
    return ` writing its ledger row, after ${statements} ran`;
  }
  return ` at its statement ${statementsApplied + 1} of ${statementsTotal} (line ${failedAtLine})`;
}

function partialHint(version: string, { statementsApplied, ledgerBehind }: PartialState): string {
  const outside = 'it ran outside a transaction, so';
  if (ledgerBehind === 'up') {
    return (
      `${outside} all its statements stay applied but it is not recorded; record it without running it again: ` +
      `"infer migrate baseline --to ${version}"`
    );
  }
  if (ledgerBehind === 'down') {
    return (
      `${outside} all its statements stay reverted but its ledger row remains; delete the row of version ` +
      `${version} from schema_migrations`
    );
  }
  const stay = statementsApplied === 1 ? 'its first statement stays' : `its first ${statementsApplied} statements stay`;
  return (
    `${outside} ${stay} applied and it is not recorded; ` +
    'undo them by hand (or make them idempotent, e.g. IF NOT EXISTS), then run "infer migrate" again'
  );
}

/**
 * The connection was lost during a migration that runs in a transaction: the server stopped or
 * restarted. A connection failure (`E_CONNECTION`), not a broken migration: the migration committed
 * together with its ledger row or not at all (the connection may have gone during COMMIT), and the
 * next run, which re-reads the ledger, continues from wherever it got.
 */
export class MigrationInterruptedError extends ConnectionError {
  readonly version: string;
  readonly description: string;
  /** What happened to every migration of the run, up to and including the interrupted one. */
  readonly results: readonly MigrationResult[];

  constructor(version: string, description: string, cause: unknown, results: readonly MigrationResult[]) {
    super(`migration ${version} (${description}) was interrupted: ${messageOf(cause)}`, {
      cause,
      hint:
        `once the database is reachable again, run "infer migrate" again: the migrations before ${version} ` +
        `are recorded, and ${version} was applied together with its ledger row or not at all, so the next run ` +
        'continues from there',
    });
    this.version = version;
    this.description = description;
    this.results = results;
  }
}

/** A list of migrations that cannot be run as given (found before anything runs). */
export class MigrationDefinitionError extends InferError {
  /** Every problem found, when a lint found them. */
  readonly problems: readonly LintProblem[];

  constructor(message: string, options: { hint?: string; problems?: readonly LintProblem[] } = {}) {
    super(ErrorCode.MigrationDefinition, message, {
      hint: options.hint ?? 'give every migration a unique, digits-only version',
    });
    this.problems = options.problems ?? [];
  }
}

/** Applied migrations whose text changed since they were applied. */
export class DriftError extends InferError {
  readonly versions: readonly string[];
  constructor(versions: readonly string[]) {
    super(
      ErrorCode.Drift,
      `applied ${nounFor(versions.length, 'migration')} ${someOf(versions)} changed since ` +
        `${versions.length === 1 ? 'it was' : 'they were'} applied (checksum mismatch)`,
      {
        hint:
          'restore their original text, or accept the new text with "infer migrate repair" if the change ' +
          'is intended',
      },
    );
    this.versions = versions;
  }
}

/**
 * A ledger row names another migration than the code's of the same version (its description
 * differs): that version was applied from another migration, so its checksum must not be accepted.
 * A kind of drift (`E_MIGRATION_DRIFT`) that `infer migrate repair` refuses.
 */
export class LedgerConflictError extends InferError {
  readonly version: string;
  constructor(row: LedgerRow, description: string) {
    super(
      ErrorCode.Drift,
      `the ledger's migration ${row.version} is "${row.description}", not "${description}": that version was ` +
        'applied from another migration, so repair changed nothing',
      {
        hint:
          `give "${description}" a version of its own ("infer migrate create" numbers after every migration), or ` +
          `restore the description "${row.description}" if it is the same migration`,
      },
    );
    this.version = row.version;
  }
}

/** The ledger holds versions that this code does not know: a newer release migrated the database. */
export class DatabaseAheadError extends InferError {
  readonly versions: readonly string[];
  constructor(versions: readonly string[]) {
    super(
      ErrorCode.DatabaseAhead,
      `the database has ${nounFor(versions.length, 'migration')} ${someOf(versions)} that this version of infer ` +
        `does not know (a newer release applied ${versions.length === 1 ? 'it' : 'them'})`,
      {
        hint: 'upgrade infer (or the application) to the release that ships them; nothing was changed',
      },
    );
    this.versions = versions;
  }
}

/**
 * A database with the tables of migrations up to `version` and no ledger: it needs a baseline, not a run.
 */
export class UnmanagedDatabaseError extends InferError {
  readonly version: string;
  constructor(version: string, existingTables: readonly string[]) {
    super(
      ErrorCode.Baseline,
      `the database already has ${nounFor(existingTables.length, 'table')} ${existingTables.join(', ')} but no ` +
        'migration ledger (schema_migrations): infer did not create it; nothing was run',
      {
        hint:
          `record the migrations it already has without running them: "infer migrate baseline --to ${version}" ` +
          '(the last one whose tables all exist; a later one if the schema has its changes too), ' +
          'then run "infer migrate"',
      },
    );
    this.version = version;
  }
}

/** `baseline` found that the database does not hold what the marked migrations create. */
export class BaselineError extends InferError {
  readonly missingTables: readonly string[];
  constructor(version: string, missingTables: readonly string[]) {
    super(
      ErrorCode.Baseline,
      `cannot mark the database as at version ${version}: ${nounFor(missingTables.length, 'table')} ` +
        `${missingTables.join(', ')} ${missingTables.length === 1 ? 'does' : 'do'} not exist`,
      {
        hint:
          'pick the version the database really is at ("infer migrate --status" lists them), or run ' +
          '"infer migrate" to create them',
      },
    );
    this.missingTables = missingTables;
  }
}
