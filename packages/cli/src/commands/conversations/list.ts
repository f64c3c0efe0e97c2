import type { ConversationSummary } from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { withExistingStore } from '../../conversations/backend.js';
import { summaryTable } from '../../conversations/render.js';

export default class ConversationsList extends BaseCommand<typeof ConversationsList> {
  static override description = `List the stored conversations of the configured backend, most recently updated first.
Shows id, title, last update, number of messages and tokens; --json prints the summaries (the metadata without entries) as a JSON array.`;

  static override examples = [
    { command: '<%= config.bin %> <%= command.id %>', description: 'The 20 most recently updated conversations' },
    { command: '<%= config.bin %> <%= command.id %> --limit 50 --offset 50', description: 'The second page of 50' },
    { command: '<%= config.bin %> <%= command.id %> --json', description: 'The summaries as a JSON array' },
  ];

  static override enableJsonFlag = true;

  static override flags = {
    limit: Flags.integer({ description: 'at most this many conversations', default: 20, min: 1 }),
    offset: Flags.integer({ description: 'skip this many of the most recent ones', default: 0, min: 0 }),
  };

  async run(): Promise<ConversationSummary[]> {
    const { limit, offset } = this.flags;
    const summaries = await withExistingStore(await this.loadConfig(), this.noticeOutput(), (backend) => backend.list({ limit, offset }));
    this.log(summaries.length > 0 ? summaryTable(summaries) : offset > 0 ? `No conversations after the first ${offset}.` : 'No conversations.');
    return summaries;
  }
}
