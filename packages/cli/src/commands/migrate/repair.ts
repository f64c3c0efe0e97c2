import { BaseCommand } from '../../base-command.js';
import { examples } from '../../command-help.js';
import { type RepairReport, repairChecksums } from '../../migrations/run.js';

export default class MigrateRepair extends BaseCommand<typeof MigrateRepair> {
  static override description =
    'Accept the current text of applied migrations.\n' +
    'After an applied migration changed (drift), "infer migrate" refuses to run. When the change is intended, ' +
    'repair records the new checksums (and fills in those that rows written by earlier releases lack); nothing ' +
    'else is run or changed.';

  static override examples = examples(['', 'Record the current checksums of applied migrations']);

  static override enableJsonFlag = true;

  async run(): Promise<RepairReport> {
    const config = await this.loadConfig(undefined, { runsProjectMigrations: true });
    return repairChecksums(config, this.textOutput());
  }
}
