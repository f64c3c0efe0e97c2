import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_DIR, CONFIG_FILE, ConfigurationError } from '@infer/core';
import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { ExitCode } from '../../exit-codes.js';
import { describeLocation } from '../../conversations/location.js';
import { type Approval, TrustStore, contentHash } from '../../trust/store.js';

/** An approval as listed: `changed` when the file is no longer what was approved, `missing` when it is gone. */
export interface ListedApproval extends Approval {
  readonly state: 'current' | 'changed' | 'missing';
}

export type TrustReport =
  | { readonly approved: Approval & { readonly store: string } }
  | { readonly revoked: string }
  | { readonly approvals: readonly ListedApproval[] };

export default class ConfigTrust extends BaseCommand<typeof ConfigTrust> {
  static override description = helpText`
    Approve a configuration file found in the current directory (a cloned repository's .infer/config.yaml).

    Until approved, such a file cannot make infer send a password that is not its own (from
    INFER_STORAGE_*_PASSWORD, PGPASSWORD, ~/.pgpass...) to a server it names, nor run its migrations_dir against a
    store it does not name (exit ${ExitCode.UntrustedConfig}). An approval is for the file's path and content: a
    file that changes needs approval again. Files passed with --config or INFER_CONFIG need none. Approvals are kept
    in $XDG_CONFIG_HOME/infer/ (default ~/.config/infer/).
  `;

  static override examples = examples(
    ['', 'Approve ./.infer/config.yaml as it is now'],
    ['--list', 'The approved files, and which changed since'],
    ['--revoke ../other/.infer/config.yaml', 'Forget an approval'],
  );

  static override args = {
    file: Args.string({ description: 'the configuration file (default: ./.infer/config.yaml)' }),
  };

  static override flags = {
    list: Flags.boolean({ description: 'list the approved files', exclusive: ['revoke'] }),
    revoke: Flags.boolean({ description: 'forget the approval of the file', exclusive: ['list'] }),
  };

  async run(): Promise<TrustReport> {
    const { args } = await this.parse(ConfigTrust);
    const store = new TrustStore();
    if (this.flags.list && args.file !== undefined) {
      this.error(`--list takes no file (it lists every approved one); got ${args.file}`, { exit: ExitCode.Usage });
    }
    if (this.flags.list) return { approvals: this.#list(store) };
    const file = resolve(args.file ?? join(CONFIG_DIR, CONFIG_FILE));
    if (this.flags.revoke) {
      if (!store.revoke(file)) {
        throw new ConfigurationError(`${file} is not approved`, {
          hint: 'see the approved files with "infer config trust --list"',
        });
      }
      this.log(`Revoked the approval of ${file}.`);
      return { revoked: file };
    }
    if (!existsSync(file)) {
      throw new ConfigurationError(`config file ${file} does not exist`, {
        hint: 'pass the path of an existing configuration file, e.g. .infer/config.yaml',
      });
    }
    // Read as infer would use it: a file that does not load is not worth approving.
    const config = await this.readConfig(file);
    const approval = store.approve(file);
    this.log(
      `Approved ${approval.path} (sha256 ${approval.sha256.slice(0, 12)}), which names ${describeLocation(config)}.`,
    );
    return { approved: { ...approval, store: store.file } };
  }

  #list(store: TrustStore): ListedApproval[] {
    const approvals = store.list().map((approval): ListedApproval => {
      const state = !existsSync(approval.path)
        ? 'missing'
        : contentHash(approval.path) === approval.sha256
          ? 'current'
          : 'changed';
      return { ...approval, state };
    });
    if (approvals.length === 0) this.log('No approved configuration files.');
    else
      this.logTable({
        headers: ['FILE', 'STATE', 'APPROVED'],
        uncut: ['FILE'],
        rows: approvals.map((a) => [a.path, a.state, a.approvedAt]),
      });
    return approvals;
  }
}
