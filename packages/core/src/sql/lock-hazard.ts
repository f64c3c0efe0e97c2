/**
 * A statement that, on a table that already holds rows, blocks other sessions for as long as it
 * runs (PostgreSQL) or cannot run at all (SQLite's ALTER TABLE), and what to write instead.
 */
export interface LockHazard {
  /** Stable name of the rule, listed in docs/guarantees.md (`create-index`, `set-not-null`...). */
  readonly id: string;
  /** The table it is about, as a key for comparing names (see `nameKey`). */
  readonly table: string;
  /** What happens, completing "… (line 3) …": e.g. "blocks writes to "t" while the index builds". */
  readonly reason: string;
  /** The safe alternative. */
  readonly fix: string;
  /**
   * When the hazard applies: `existing`, only to a table that exists before the run (a table the run
   * creates is empty and unseen); `always`, whatever the table (the statement cannot run).
   */
  readonly applies: 'existing' | 'always';
}
