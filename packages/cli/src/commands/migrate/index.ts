import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { interruptible } from '../../interrupt.js';
import { examples } from '../../command-help.js';
import { ExitCode } from '../../exit-codes.js';
import { backupFlag } from '../../migrations/flags.js';
import {
  type MigrateReport,
  type PlanReport,
  type StatusReport,
  applyMigrations,
  migrationStatus,
  planMigrations,
} from '../../migrations/run.js';

export default class Migrate extends BaseCommand<typeof Migrate> {
  static override description =
    'Apply pending database schema migrations of the configured storage backend.\n' +
    'Each migration runs in its own transaction together with its ledger row (schema_migrations). Before ' +
    'anything runs, the migrations are checked: versions in the database that this release does not know, ' +
    'applied migrations that changed since (drift), and lint errors stop the run. A SQLite file is backed up ' +
    'beside itself first (the newest 3 copies are kept). With --status, show which migrations are applied, ' +
    'pending, changed or unknown, without creating or changing anything.\n\n' +
    'Exit codes: 0 success (also when nothing was pending), 3 configuration, 4 connection (or the backup ' +
    'failed), 5 a migration failed (rolled back), 7 pending (--status --exit-code), 8 drift, 9 database ahead of ' +
    'this release, 10 lock timeout (the migration lock of another run; SQLite: the database held past ' +
    'storage.sqlite.busy_timeout; PostgreSQL: a table locked past storage.postgres.migration_lock_timeout on every ' +
    'attempt, naming the session that holds it), 11 ' +
    'invalid migrations, 15 a configuration file found here is not approved (infer config trust), 130 ' +
    'interrupted (Ctrl-C) between two migrations.';

  static override examples = examples(
    ['', 'Apply every pending migration'],
    ['--status', 'Show applied and pending migrations'],
    ['--status --exit-code', 'Exit 7 while migrations are pending (a CI gate)'],
    ['--dry-run', 'Print the SQL that would run, change nothing'],
    ['--config ./infer.yaml --json', 'Use another config file, report as JSON'],
    ['--no-backup', 'Migrate another SQLite file without a backup', 'INFER_STORAGE_SQLITE_PATH=/tmp/c.db'],
  );

  static override enableJsonFlag = true;

  static override flags = {
    status: Flags.boolean({
      description: 'show migration status; never writes, never creates a database',
      exclusive: ['dry-run'],
    }),
    'exit-code': Flags.boolean({
      description: `with --status: exit ${ExitCode.Pending} while migrations are pending`,
      dependsOn: ['status'],
    }),
    'dry-run': Flags.boolean({ description: 'print each pending migration and its SQL; change nothing' }),
    backup: backupFlag('changing it'),
  };

  async run(): Promise<MigrateReport | StatusReport | PlanReport> {
    const config = await this.loadConfig(undefined, {
      runsProjectMigrations: !this.flags.status && !this.flags['dry-run'],
    });
    const out = this.textOutput();
    if (this.flags['dry-run']) return planMigrations(config, out);
    if (!this.flags.status)
      return interruptible(
        (interruption) => applyMigrations(config, out, { backup: this.flags.backup, interruption }),
        { armed: false },
      );
    const report = await migrationStatus(config, out);
    if (this.flags['exit-code'] && report.migrations.some((m) => m.state === 'pending')) {
      if (out.json) this.logJson(report);
      this.exit(ExitCode.Pending);
    }
    return report;
  }
}
