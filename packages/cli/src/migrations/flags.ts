import * as Flags from '@oclif/core/flags';

/** `--backup` (the default) and `--no-backup` of a command that changes the database, taken `when`. */
export function backupFlag(when: string) {
  return Flags.boolean({
    description: `back a SQLite file up beside itself before ${when}`,
    default: true,
    allowNo: true,
  });
}
