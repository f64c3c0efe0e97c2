import type { InstalledBackend } from '../backends/discover.js';
import { BaseCommand } from '../base-command.js';
import { examples, helpText } from '../command-help.js';

export default class Backends extends BaseCommand<typeof Backends> {
  static override description = helpText`
    List the installed storage backends.

    Backends are oclif plugins that register themselves through an infer:backend:<type> hook: the bundled ones, and
    any added with "infer plugins install" or "infer plugins link". A plugin whose hook fails is reported on stderr
    and left out.
  `;

  static override examples = examples(
    ['', 'Table of type, package, version and migrations'],
    ['--json', 'The same as a JSON array'],
  );

  async run(): Promise<InstalledBackend[]> {
    const rows = await this.backends.installed();
    if (rows.length === 0) {
      this.log('No storage backends are installed; add one with "infer plugins install <package>".');
      return rows;
    }
    this.logTable({
      headers: ['TYPE', 'PACKAGE', 'VERSION', 'MIGRATIONS'],
      uncut: ['TYPE'],
      rows: rows.map((b) => [b.type, b.package, b.version, String(b.migrations)]),
    });
    return rows;
  }
}
