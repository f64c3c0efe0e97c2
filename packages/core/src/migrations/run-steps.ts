import { DEFAULT_CAPABILITIES } from '../contract/capabilities.js';
import { ErrorCode, InterruptedError, isInferError } from '../errors.js';
import { stopRequested } from '../stop-request.js';
import { counted } from '../text/count.js';
import { migrationChecksum } from './checksum.js';
import { dataMigrationContext } from './data-context.js';
import type { MigrationDriver, MigrationStepOptions, MigrationTransaction, StepRetry } from './driver.js';
import { MigrationError, MigrationInterruptedError, type PartialState } from './errors.js';
import type { MigrationEventListener } from './events.js';
import type { DataMigration, Migration, MigrationResult } from './migration.js';
import { progressReporter } from './progress.js';
import { monotonicMs } from '../clock.js';

type Direction = 'up' | 'down';

/** A statement of a migration outside a transaction failed; what ran before it stays. */
class PartialFailure extends Error {
  readonly state: PartialState;
  constructor(cause: unknown, state: PartialState) {
    super('partial failure', { cause });
    this.state = state;
  }
}

/**
 * Runs migrations one by one in one direction, each in its own transaction with its ledger change
 * (or statement by statement outside one, when it opted out), emitting the engine's events.
 */
export class StepRunner {
  readonly #driver: MigrationDriver;
  readonly #onEvent: MigrationEventListener;
  /** The ledger still has to be created or given its checksum column: done with the next step. */
  #ledgerPending: boolean;

  /** `ensureLedger`: prepare the ledger with the first step (in its transaction when the driver can). */
  constructor(driver: MigrationDriver, onEvent: MigrationEventListener, options: { ensureLedger?: boolean } = {}) {
    this.#driver = driver;
    this.#onEvent = onEvent;
    this.#ledgerPending = options.ensureLedger ?? false;
  }

  /** Stops at the first failure and throws a {@link MigrationError} carrying the results so far. */
  async run(
    migrations: readonly Migration[],
    direction: Direction,
    applied: number,
    signal?: AbortSignal,
  ): Promise<MigrationResult[]> {
    this.#onEvent({ type: 'run:start', direction, pending: migrations.length, applied });
    const results: MigrationResult[] = [];
    for (const [index, migration] of migrations.entries()) {
      if (await stopRequested(signal)) throw interrupted(migrations, index, direction);
      const { version, description } = migration;
      this.#onEvent({ type: 'migration:start', version, description, index, total: migrations.length });
      const started = monotonicMs();
      const durationMs = () => Math.round(monotonicMs() - started);
      try {
        const outcome = await this.#step(migration, direction);
        results.push(this.#ended({ version, description, outcome, durationMs: durationMs() }));
      } catch (error) {
        // Waiting for the lock (taken in the first transaction under a per-transaction lock) is not
        // this migration failing, and nothing ran: the lock's own error.
        if (index === 0 && isInferError(error, ErrorCode.LockTimeout)) throw error;
        results.push(this.#ended({ version, description, outcome: 'failed', durationMs: durationMs() }));
        for (const rest of migrations.slice(index + 1)) {
          results.push({ version: rest.version, description: rest.description, outcome: 'not-run' });
        }
        // Another process kept the database's write lock: this migration never started.
        if (isInferError(error, ErrorCode.LockTimeout)) throw error;
        if (error instanceof PartialFailure)
          throw new MigrationError(version, description, error.cause, results, error.state);
        const transactionalDdl = this.#driver.transactionalDdl ?? DEFAULT_CAPABILITIES.transactionalDdl;
        if (migration.transaction !== false && transactionalDdl && isInferError(error, ErrorCode.Connection))
          throw new MigrationInterruptedError(version, description, error, results);
        throw new MigrationError(version, description, error, results, undefined, { transactionalDdl });
      }
    }
    this.#onEvent({ type: 'run:end', results });
    return results;
  }

  /** Records migrations as applied without running them (baseline), in one transaction. */
  async mark(migrations: readonly Migration[]): Promise<MigrationResult[]> {
    if (migrations.length === 0) return [];
    return this.#driver.transaction(async (tx) => {
      const results: MigrationResult[] = [];
      for (const migration of migrations) {
        const { version, description } = migration;
        if (await tx.isRecorded(version)) {
          results.push({ version, description, outcome: 'skipped' });
          continue;
        }
        await tx.record(this.#record(migration));
        results.push({ version, description, outcome: 'baselined' });
      }
      return results;
    });
  }

  async #step(migration: Migration, direction: Direction): Promise<'applied' | 'reverted' | 'skipped'> {
    const body = direction === 'up' ? migration.up : migration.down!;
    const inTransaction = migration.transaction !== false;
    const ensureLedgerIn = await this.#ledgerBefore(inTransaction);
    const work = async (tx: MigrationTransaction): Promise<'applied' | 'reverted' | 'skipped'> => {
      await ensureLedgerIn?.(tx);
      // Another process may have applied (or reverted) it between our ledger read and now, unless
      // the driver's lock keeps every other run out.
      if (!this.#driver.exclusiveRun && (await tx.isRecorded(migration.version)) !== (direction === 'down'))
        return 'skipped';
      let statementsRun: number | undefined;
      if (typeof body !== 'string') await this.#runData(tx, migration, body);
      else if (inTransaction) await tx.exec(body);
      else statementsRun = await runStatementByStatement(tx, body, this.#driver);
      const ledgerWrite = direction === 'up' ? tx.record(this.#record(migration)) : tx.forget(migration.version);
      // Outside a transaction, every statement stays applied when the ledger write fails.
      await ledgerWrite.catch((error: unknown) => {
        if (statementsRun === undefined) throw error;
        throw new PartialFailure(error, {
          statementsApplied: statementsRun,
          statementsTotal: statementsRun,
          ledgerBehind: direction,
        });
      });
      return direction === 'up' ? 'applied' : 'reverted';
    };
    const options = stepOptions(migration, this.#onEvent);
    const outcome = await (inTransaction
      ? this.#driver.transaction(work, options)
      : this.#driver.withoutTransaction(work, options));
    this.#ledgerPending = false;
    return outcome;
  }

  /**
   * A ledger still to prepare: prepared now, before the step, when its transaction cannot do it (a
   * step outside a transaction, a driver without `ensureLedgerIn`); otherwise what the step's
   * transaction calls first.
   */
  async #ledgerBefore(inTransaction: boolean): Promise<((tx: MigrationTransaction) => Promise<void>) | undefined> {
    if (!this.#ledgerPending) return undefined;
    const driver = this.#driver;
    if (inTransaction && driver.ensureLedgerIn) return (tx) => driver.ensureLedgerIn!(tx);
    await driver.ensureLedger();
    this.#ledgerPending = false;
    return undefined;
  }

  #runData(tx: MigrationTransaction, migration: Migration, body: DataMigration): Promise<void> {
    return body(dataMigrationContext(tx, this.#driver, progressReporter(migration, this.#onEvent)));
  }

  #record(migration: Migration) {
    const checksum = migrationChecksum(migration);
    const { version, description } = migration;
    return { version, description, appliedAt: new Date(), ...(checksum === undefined ? {} : { checksum }) };
  }

  #ended(result: MigrationResult): MigrationResult {
    this.#onEvent({ type: 'migration:end', result });
    return result;
  }
}

/** What the driver learns of the migration it runs a step of, and where it reports a retry. */
function stepOptions(
  { version, description, statementTimeout }: Migration,
  onEvent: MigrationEventListener,
): MigrationStepOptions {
  const migration = { version, description };
  const onRetry = (retry: StepRetry) => onEvent({ type: 'migration:retry', version, description, ...retry });
  return {
    migration,
    onRetry,
    ...(statementTimeout === undefined ? {} : { statementTimeoutSeconds: statementTimeout }),
  };
}

/** How far an interrupted run got: every migration before `index` is committed, none from it on ran. */
function interrupted(migrations: readonly Migration[], index: number, direction: Direction): InterruptedError {
  const [done, command] =
    direction === 'up' ? ['applied', '"infer migrate"'] : ['reverted', 'the same "infer migrate down"'];
  const where =
    index === 0
      ? migrations.length === 1
        ? `before migration ${migrations[0]!.version}, the only one; it was not ${done}`
        : `before the first of ${counted(migrations.length, 'migration')}; none was ${done}`
      : `after migration ${migrations[index - 1]!.version} (${index} of ${migrations.length} ${done}, each ` +
        'committed whole)';
  return new InterruptedError(`interrupted ${where}`, { hint: `run ${command} again to resume` });
}

/** Outside a transaction each statement commits alone; on failure, say how far it got. */
async function runStatementByStatement(
  tx: MigrationTransaction,
  sql: string,
  driver: MigrationDriver,
): Promise<number> {
  const { splitStatements } = await import('../sql/reading.js');
  const statements = splitStatements(sql, driver.sqlDialect);
  for (const [index, statement] of statements.entries()) {
    try {
      await tx.exec(statement.text);
    } catch (error) {
      throw new PartialFailure(error, {
        statementsApplied: index,
        statementsTotal: statements.length,
        failedAtLine: statement.line,
      });
    }
  }
  return statements.length;
}
