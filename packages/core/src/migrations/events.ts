import type { StepRetry } from './driver.js';
import type { LintProblem } from './lint-problem.js';
import type { MigrationResult } from './migration.js';

/** How far a long data migration has come. */
export interface MigrationProgress {
  readonly version: string;
  readonly description: string;
  /** Rows (or units the migration counts) done so far; never decreases within a migration. */
  readonly done: number;
  /** The total when the migration knows it. */
  readonly total?: number;
  /** Units per second since the migration started. */
  readonly ratePerSecond: number;
  /** Estimated time left, when the total is known and the rate is not zero. */
  readonly etaMs?: number;
}

/** Typed progress events of a migration run, for a CLI or a log to render. */
export type MigrationEvent =
  /** Before `up` (and its plan) runs anything: a lint warning about a pending migration, e.g. a lock hazard. */
  | { readonly type: 'lint:warning'; readonly problem: LintProblem }
  | {
      readonly type: 'run:start';
      readonly direction: 'up' | 'down';
      readonly pending: number;
      readonly applied: number;
    }
  | {
      readonly type: 'migration:start';
      readonly version: string;
      readonly description: string;
      readonly index: number;
      readonly total: number;
    }
  | ({ readonly type: 'migration:progress' } & MigrationProgress)
  /** The driver rolled the migration back and runs it again from its start (PostgreSQL: a lock not got in time). */
  | ({ readonly type: 'migration:retry'; readonly version: string; readonly description: string } & StepRetry)
  | { readonly type: 'migration:end'; readonly result: MigrationResult }
  | { readonly type: 'run:end'; readonly results: readonly MigrationResult[] };

export type MigrationEventListener = (event: MigrationEvent) => void;

/** Hands each lint warning of a run to the listener, before anything runs. */
export function showWarnings(listener: MigrationEventListener, warnings: readonly LintProblem[]): void {
  for (const problem of warnings) listener({ type: 'lint:warning', problem });
}
