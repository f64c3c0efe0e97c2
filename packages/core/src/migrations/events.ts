import type { MigrationResult } from './migration.js';

/** Typed progress events of a migration run, for a CLI or a log to render. */
export type MigrationEvent =
  | { readonly type: 'run:start'; readonly pending: number; readonly applied: number }
  | { readonly type: 'migration:start'; readonly version: string; readonly description: string; readonly index: number; readonly total: number }
  | { readonly type: 'migration:end'; readonly result: MigrationResult }
  | { readonly type: 'run:end'; readonly results: readonly MigrationResult[] };

export type MigrationEventListener = (event: MigrationEvent) => void;
