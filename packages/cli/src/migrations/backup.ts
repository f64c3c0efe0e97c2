import type { ClosableMigrationDriver, RunOptions } from '@infer/core';
import type { Interruption } from '../interrupt.js';
import type { TextOutput } from './text-output.js';

/** How many database copies `infer migrate` keeps beside a SQLite file. */
const BACKUPS_KEPT = 3;

/** What a run that changes the database asks for: a backup first (unless `false`), and Ctrl-C between steps. */
export interface ChangeOptions {
  readonly backup?: boolean;
  readonly interruption?: Interruption;
}

/**
 * The engine's run options of a run that changes the database: a copy of the database beside it,
 * taken once the run's checks passed and it has steps to take (the engine's `beforeRun`), when the
 * driver can make one and `backup` is not `false`; its path is printed, and `taken()` reports it.
 * Ctrl-C is armed after it (see interrupt.ts) and stops the run between two steps.
 */
export function backupBeforeRun(
  driver: ClosableMigrationDriver,
  out: TextOutput,
  { backup: enabled, interruption }: ChangeOptions = {},
): { options: RunOptions; taken(): { backup?: string } } {
  let path: string | undefined;
  const backup = enabled === false ? undefined : driver.backup?.bind(driver);
  const options: RunOptions = {
    beforeRun: async () => {
      path = await backup?.({ keep: BACKUPS_KEPT });
      if (path !== undefined && !out.json) out.log(`Backed up the database to ${path}`);
      interruption?.arm();
    },
    signal: interruption?.signal,
  };
  return { options, taken: () => (path === undefined ? {} : { backup: path }) };
}
