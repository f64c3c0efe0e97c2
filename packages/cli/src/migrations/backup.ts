import type { ClosableMigrationDriver, RunOptions } from '@infer/core';
import type { Interruption } from '../interrupt.js';
import type { TextOutput } from './text-output.js';

/** How many database copies `infer migrate` keeps beside a SQLite file. */
const BACKUPS_KEPT = 3;

/**
 * A copy of the database beside it, taken by the run once its checks passed and it has steps to
 * take (the engine's `beforeRun`), when the driver can make one and `enabled` is not `false`; its
 * path is printed, and `taken()` reports it. Ctrl-C is armed after it (see interrupt.ts).
 */
export function backupBeforeRun(
  driver: ClosableMigrationDriver,
  out: TextOutput,
  enabled?: boolean,
  interruption?: Interruption,
): { options: RunOptions; taken(): { backup?: string } } {
  let path: string | undefined;
  const backup = enabled === false ? undefined : driver.backup?.bind(driver);
  const options: RunOptions = {
    beforeRun: async () => {
      path = await backup?.({ keep: BACKUPS_KEPT });
      if (path !== undefined && !out.json) out.log(`Backed up the database to ${path}`);
      interruption?.arm();
    },
  };
  return { options, taken: () => (path === undefined ? {} : { backup: path }) };
}
