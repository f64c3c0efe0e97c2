import { type ConversationSummary, counted, nestedTooDeep } from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { withExistingStore } from '../../conversations/backend.js';
import { leftOutError } from '../../conversations/limits.js';
import { summaryTable } from '../../conversations/render.js';
import { ExitCode } from '../../exit-codes.js';

export default class ConversationsList extends BaseCommand<typeof ConversationsList> {
  static override description = helpText`
    List the stored conversations of the configured backend, most recently updated first.

    Shows id, title, last update, number of messages and tokens; --json prints the summaries (the metadata without
    entries) as a JSON array. A conversation nested beyond the documented limit is left out and named on stderr
    after the others, with exit ${ExitCode.DocumentLimit}.
  `;

  static override examples = examples(
    ['', 'The 20 most recently updated conversations'],
    ['--limit 50 --offset 50', 'The second page of 50'],
    ['--json', 'The summaries as a JSON array'],
  );

  static override flags = {
    limit: Flags.integer({ description: 'at most this many conversations', default: 20, min: 1 }),
    offset: Flags.integer({ description: 'skip this many of the most recent ones', default: 0, min: 0 }),
  };

  async run(): Promise<ConversationSummary[]> {
    const { limit, offset } = this.flags;
    const listed = await withExistingStore(await this.loadConfig(), this.noticeOutput(), (backend) =>
      backend.list({ limit, offset }),
    );
    // A summary nested beyond the documented limit is left out and named at the end (exit 14).
    const tooDeep = listed.filter(nestedTooDeep).map((summary) => summary.id);
    const summaries = tooDeep.length === 0 ? listed : listed.filter((summary) => !tooDeep.includes(summary.id));
    if (summaries.length > 0) this.logTable(summaryTable(summaries));
    else
      this.log(
        offset > 0 ? `No conversations after skipping ${counted(offset, 'conversation')}.` : 'No conversations.',
      );
    if (tooDeep.length === 0) return summaries;
    if (this.jsonEnabled()) this.logJson(summaries);
    return this.failAfterOutput(leftOutError(tooDeep, 'listed'));
  }
}
