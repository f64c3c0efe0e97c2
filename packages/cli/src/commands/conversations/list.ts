import {
  ConfigurationError,
  type ConversationSummary,
  type StorageConfig,
  counted,
  descriptorCapabilities,
  nestedTooDeep,
} from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { withExistingStore } from '../../conversations/backend.js';
import { leftOutError } from '../../conversations/limits.js';
import { summaryTable } from '../../conversations/render.js';
import { ExitCode } from '../../exit-codes.js';
import { visible } from '../../output/visible.js';

export default class ConversationsList extends BaseCommand<typeof ConversationsList> {
  static override description = helpText`
    List the stored conversations of the configured backend, most recently updated first.

    Shows id, title, last update, number of messages and tokens; --json prints the summaries (the metadata without
    entries) as a JSON array. A conversation nested beyond the documented limit is left out and named on stderr
    after the others, with exit ${ExitCode.DocumentLimit}.

    --after pages by the last id of the previous page (the id of the last row, or of the JSON array's last
    element): as fast deep in a large store as at its start, and no conversation is skipped or repeated when
    others are saved meanwhile. It cannot be combined with --offset (exit ${ExitCode.Usage}), needs a backend
    that declares keyset pagination (exit ${ExitCode.Configuration}), and an id no longer stored is exit
    ${ExitCode.NotFound}.
  `;

  static override examples = examples(
    ['', 'The 20 most recently updated conversations'],
    ['--limit 50 --offset 50', 'The second page of 50'],
    ['--limit 50 --after c-0123', 'The 50 that come after conversation c-0123, the last of the previous page'],
    ['--json', 'The summaries as a JSON array'],
  );

  static override flags = {
    limit: Flags.integer({ description: 'at most this many conversations', default: 20, min: 1 }),
    offset: Flags.integer({ description: 'skip this many of the most recent ones', default: 0, min: 0 }),
    after: Flags.string({ description: 'list those after this id, the last of the previous page (not with --offset)' }),
  };

  async run(): Promise<ConversationSummary[]> {
    const { limit, offset, after } = this.flags;
    if (after !== undefined && offset > 0) {
      this.error('--after and --offset cannot be used together: --after already says where the page starts', {
        exit: ExitCode.Usage,
      });
    }
    const config = await this.loadConfig();
    if (after !== undefined) assertKeysetPagination(config);
    const listed = await withExistingStore(config, this.noticeOutput(), (backend) =>
      backend.list(after === undefined ? { limit, offset } : { limit, after }),
    );
    // A summary nested beyond the documented limit is left out and named at the end (exit 14).
    const tooDeep = listed.filter(nestedTooDeep).map((summary) => summary.id);
    const summaries = tooDeep.length === 0 ? listed : listed.filter((summary) => !tooDeep.includes(summary.id));
    if (summaries.length > 0) this.logTable(summaryTable(summaries));
    else if (after !== undefined) this.log(`No conversations after ${visible(after)}.`);
    else
      this.log(
        offset > 0 ? `No conversations after skipping ${counted(offset, 'conversation')}.` : 'No conversations.',
      );
    if (tooDeep.length === 0) return summaries;
    if (this.jsonEnabled()) this.logJson(summaries);
    return this.failAfterOutput(leftOutError(tooDeep, 'listed'));
  }
}

/** `--after` needs a backend that declares keyset pagination (contract 1.3); others would ignore it. */
function assertKeysetPagination({ descriptor }: StorageConfig): void {
  if (descriptorCapabilities(descriptor).keysetPagination) return;
  throw new ConfigurationError(
    `the ${descriptor.displayName} backend (storage type "${descriptor.type}") cannot page with --after: ` +
      'it does not declare keyset pagination',
    { hint: 'page with --offset, or upgrade the backend to a release that declares keyset pagination' },
  );
}
