import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples } from '../../command-help.js';
import { type MigrateReport, baselineDatabase } from '../../migrations/run.js';

export default class MigrateBaseline extends BaseCommand<typeof MigrateBaseline> {
  static override description =
    'Mark an existing database that was not created by infer as being at a version.\n' +
    'Records every migration up to --to as applied without running it, after checking that the tables those ' +
    'migrations create exist. Later migrations then apply as usual.';

  static override examples = examples(['--to 002', 'The database already has what 001 and 002 create']);

  static override enableJsonFlag = true;

  static override flags = {
    to: Flags.string({ description: 'the version the database is at', required: true }),
  };

  async run(): Promise<MigrateReport> {
    const config = await this.loadConfig(undefined, { runsProjectMigrations: true });
    return baselineDatabase(config, this.textOutput(), this.flags.to);
  }
}
