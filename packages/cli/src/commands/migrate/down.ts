import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { interruptible } from '../../interrupt.js';
import { type MigrateReport, type PlanReport, planMigrations, revertMigrations } from '../../migrations/run.js';

export default class MigrateDown extends BaseCommand<typeof MigrateDown> {
  static override description = `Revert applied migrations with their down.
Reverts the last applied migration, or with --to every one above that version (not including it), newest first, each in its own transaction with the removal of its ledger row. A migration without a down refuses before anything is reverted. A SQLite file is backed up beside itself first (--no-backup skips it).`;

  static override examples = [
    { command: '<%= config.bin %> <%= command.id %>', description: 'Revert the last applied migration' },
    { command: '<%= config.bin %> <%= command.id %> --to 002', description: 'Revert every migration above 002' },
    { command: '<%= config.bin %> <%= command.id %> --to 002 --dry-run', description: 'Print what would be reverted and its SQL' },
  ];

  static override enableJsonFlag = true;

  static override flags = {
    to: Flags.string({ description: 'revert down to this version, not including it (0 reverts every migration)' }),
    'dry-run': Flags.boolean({ description: 'print each migration that would be reverted and its down SQL; change nothing' }),
    backup: Flags.boolean({ description: 'back a SQLite file up beside itself before reverting', default: true, allowNo: true }),
  };

  async run(): Promise<MigrateReport | PlanReport> {
    const config = await this.loadConfig();
    const out = this.textOutput();
    const options = this.flags.to === undefined ? {} : { to: this.flags.to };
    return this.flags['dry-run'] ? planMigrations(config, out, options) : interruptible((signal) => revertMigrations(config, out, { ...options, backup: this.flags.backup, signal }));
  }
}
