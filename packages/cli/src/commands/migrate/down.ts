import { type StorageConfig, nounFor } from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples } from '../../command-help.js';
import { type HeldConversations, heldConversations, heldText } from '../../conversations/held.js';
import { confirm } from '../../conversations/prompt.js';
import { ExitCode } from '../../exit-codes.js';
import { interruptible } from '../../interrupt.js';
import { backupFlag } from '../../migrations/flags.js';
import { type MigrateReport, type PlanReport, planMigrations, revertMigrations } from '../../migrations/run.js';

/** Conversations counted before a revert: enough to say "none" or "this many". */
const COUNTED = 1000;

/** `--dry-run`: what would be reverted, and how many conversations the store holds. */
export interface DownPlanReport extends PlanReport {
  /**
   * Conversations in the store (up to 1000), when something would be reverted; `null` when they could not be
   * counted.
   */
  readonly conversations?: number | null;
}

export default class MigrateDown extends BaseCommand<typeof MigrateDown> {
  static override description =
    'Revert applied migrations with their down.\n' +
    'Reverts the last applied migration, or with --to every one above that version (not including it), newest ' +
    'first, each in its own transaction with the removal of its ledger row. A migration without a down refuses ' +
    'before anything is reverted. A SQLite file is backed up beside itself first (--no-backup skips it).\n' +
    'When the store holds conversations it asks first on a terminal, and without a terminal (a script, a pipe) ' +
    '--yes is required; --dry-run prints what would be reverted, its down SQL and how many conversations the ' +
    'store holds.';

  static override examples = examples(
    ['', 'Revert the last applied migration'],
    ['--to 002', 'Revert every migration above 002'],
    ['--to 002 --dry-run', 'Print what would be reverted, its SQL and the conversations at stake'],
    ['--to 0 --yes', 'Revert everything without asking (scripts)'],
  );

  static override enableJsonFlag = true;

  static override flags = {
    to: Flags.string({ description: 'revert down to this version, not including it (0 reverts every migration)' }),
    'dry-run': Flags.boolean({
      description: 'print each migration that would be reverted and its down SQL; change nothing',
    }),
    backup: backupFlag('reverting'),
    yes: Flags.boolean({ char: 'y', description: 'revert without asking, even when the store holds conversations' }),
  };

  async run(): Promise<MigrateReport | DownPlanReport> {
    const config = await this.loadConfig(undefined, { runsProjectMigrations: !this.flags['dry-run'] });
    const out = this.textOutput();
    const options = this.flags.to === undefined ? {} : { to: this.flags.to };
    if (this.flags['dry-run']) {
      const plan = await planMigrations(config, out, options);
      if (plan.steps.length === 0) return plan;
      const held = await heldConversations(config, COUNTED);
      if (!out.json)
        out.log(
          `\nThe store holds ${heldText(held, COUNTED)}; reverting drops what the down SQL above drops, and it ` +
            'asks first (or needs --yes).',
        );
      return { ...plan, conversations: held.count ?? null };
    }
    if (!this.flags.yes && !(await this.confirmed(config, options))) {
      this.log('Nothing was reverted.');
      return { type: config.type, dialect: null, results: [] };
    }
    return interruptible(
      (interruption) => revertMigrations(config, out, { ...options, backup: this.flags.backup, interruption }),
      { armed: false },
    );
  }

  /** True when nothing would be reverted, the store holds no conversations, or the user said yes on the terminal. */
  async confirmed(config: StorageConfig, options: { to?: string }): Promise<boolean> {
    const quiet = { json: true, log: () => {}, warn: () => {} };
    const { steps } = await planMigrations(config, quiet, options);
    if (steps.length === 0) return true;
    const held: HeldConversations = await heldConversations(config, COUNTED);
    if (held.count === 0) return true;
    const what =
      `${nounFor(steps.length, 'migration')} ${steps.map((step) => step.version).join(', ')} of a store holding ` +
      `${heldText(held, COUNTED)}`;
    if (!process.stdin.isTTY) {
      this.error(
        `refusing to revert ${what} without confirmation: stdin is not a terminal; pass --yes to revert ` +
          `${steps.length === 1 ? 'it' : 'them'} (--dry-run shows what ` +
          `${steps.length === 1 ? 'it drops' : 'they drop'})`,
        { exit: ExitCode.Usage },
      );
    }
    return confirm(`Revert ${what}?`);
  }
}
