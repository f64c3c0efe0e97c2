import { BaseCommand } from '../../base-command.js';
import { examples } from '../../command-help.js';
import { ExitCode } from '../../exit-codes.js';
import { type LintReport, lintReport } from '../../migrations/run.js';

export default class MigrateLint extends BaseCommand<typeof MigrateLint> {
  static override description =
    `Check every migration of the configured backend without changing the database.\n` +
    'Reports, with version and reason: duplicate or out-of-order versions, a missing down, empty SQL, SQL the ' +
    'database cannot parse (each migration runs, up then down, in a scratch space that is discarded), ' +
    'destructive statements without "destructive: true", statements that cannot run in a transaction in a ' +
    'migration that has not opted out of one, statements that reach outside the database (ATTACH, COPY … TO a ' +
    'file, pg_read_file...) without "external: true" (never run in the scratch space, declared or not), and ' +
    `entries of the migrations directory that are skipped. Exits ${ExitCode.InvalidMigrations} when there is an ` +
    'error; warnings alone exit 0.';

  static override examples = examples(
    ['', 'Lint the migrations of the configured backend'],
    ['--json', 'The problems as JSON'],
  );

  static override enableJsonFlag = true;

  async run(): Promise<LintReport> {
    const config = await this.loadConfig();
    const out = this.textOutput();
    const report = await lintReport(config, out);
    if (report.problems.some((p) => p.severity === 'error')) {
      if (out.json) this.logJson(report);
      this.exit(ExitCode.InvalidMigrations);
    }
    return report;
  }
}
