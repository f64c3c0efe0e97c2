import type { Migration } from './migration.js';

/** One step a run would take, for `--dry-run`. */
export interface PlannedStep {
  readonly version: string;
  readonly description: string;
  readonly direction: 'up' | 'down';
  /** `sql`: the exact text in `sql`; `data`: a function, whose effect cannot be shown. */
  readonly kind: 'sql' | 'data';
  readonly sql?: string;
  /** `false` for a migration that runs outside a transaction. */
  readonly transaction: boolean;
}

export function plannedStep(migration: Migration, direction: 'up' | 'down'): PlannedStep {
  const body = direction === 'up' ? migration.up : migration.down;
  const { version, description } = migration;
  const transaction = migration.transaction !== false;
  return typeof body === 'string'
    ? { version, description, direction, kind: 'sql', sql: body, transaction }
    : { version, description, direction, kind: 'data', transaction };
}
