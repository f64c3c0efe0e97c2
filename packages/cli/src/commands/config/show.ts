import type { ConfigSource } from '@infer/core';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { type ShownSetting, originText, shownSettings, valueText } from '../../config-show/settings.js';
import { type ApprovalState, TrustStore } from '../../trust/store.js';
import { trustConcern } from '../../trust/gate.js';

export interface ConfigShowReport {
  /** The file read (`null`: none, defaults and the environment only), and how it was found. */
  readonly file: string | null;
  readonly source: ConfigSource['kind'];
  /** For a file found in the current directory: whether the user approved it (`infer config trust`). */
  readonly approval?: ApprovalState;
  /** Whether that file needs approval for what it would do (see `infer config trust --help`). */
  readonly needsApproval?: boolean;
  readonly settings: readonly ShownSetting[];
}

const FOUND: Record<ConfigSource['kind'], string> = {
  flag: 'passed with --config',
  env: 'named by INFER_CONFIG',
  project: 'found in the current directory',
  user: 'your own',
  defaults: 'none',
};

const APPROVAL: Record<ApprovalState, string> = {
  approved: 'approved',
  changed: 'changed since approved',
  unknown: 'not approved',
};

export default class ConfigShow extends BaseCommand<typeof ConfigShow> {
  static override description = helpText`
    Show the effective storage configuration: each value and where it came from (file and line, environment
    variable, or default).

    Passwords and other secrets show only as (set, from …). Never connects to the backend.
  `;

  static override examples = examples(
    ['', 'What infer would use here, and why'],
    ['--json', 'The same as a JSON document'],
  );

  async run(): Promise<ConfigShowReport> {
    const config = await this.readConfig();
    const settings = await shownSettings(config);
    const file = config.source.path ?? null;
    const project =
      config.source.kind === 'project' && file !== null
        ? {
            approval: new TrustStore().stateOf(file),
            needsApproval: (await trustConcern(config, { runsProjectMigrations: true })) !== undefined,
          }
        : {};
    const approvalNote = project.approval === undefined ? '' : `; ${APPROVAL[project.approval]}`;
    this.log(`Configuration file: ${file ?? 'none'} (${FOUND[config.source.kind]}${approvalNote})`);
    // Nothing is cut, even on a narrow terminal: a value is often a path (database, certificate) and
    // FROM a file:line, both useless cut in the middle; a row wider than the terminal wraps there.
    this.logTable({
      headers: ['SETTING', 'VALUE', 'FROM'],
      uncut: ['SETTING', 'VALUE', 'FROM'],
      rows: settings.map((s) => [s.key, valueText(s), originText(s.from)]),
    });
    if (project.needsApproval && project.approval !== 'approved') {
      this.log(`Commands that connect refuse this file until you approve it: infer config trust ${file}`);
    }
    return { file, source: config.source.kind, ...project, settings };
  }
}
