import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { conversationIdArgs } from '../../conversations/args.js';
import { withExistingStore } from '../../conversations/backend.js';
import { loadWithinLimits } from '../../conversations/limits.js';
import { confirm } from '../../conversations/prompt.js';
import { ExitCode } from '../../exit-codes.js';
import { visible } from '../../output/visible.js';

export interface DeleteReport {
  readonly id: string;
  readonly deleted: boolean;
}

export default class ConversationsDelete extends BaseCommand<typeof ConversationsDelete> {
  static override description = helpText`
    Delete one conversation and its entries from the configured backend.

    On a terminal it asks first, unless --yes; without a terminal (a script, a pipe) --yes is required. Exit
    ${ExitCode.NotFound} when there is no conversation with that id.
  `;

  static override examples = examples(
    ['3f2c9a', 'Delete after confirming'],
    ['3f2c9a --yes', 'Delete without asking (scripts)'],
  );

  static override args = conversationIdArgs;

  static override flags = {
    yes: Flags.boolean({ char: 'y', description: 'delete without asking for confirmation' }),
  };

  async run(): Promise<DeleteReport> {
    const { args } = await this.parse(ConversationsDelete);
    const { id } = args;
    if (!this.flags.yes && !process.stdin.isTTY) {
      this.error(
        `refusing to delete conversation ${id} without confirmation: stdin is not a terminal; pass --yes to delete it`,
        { exit: ExitCode.Usage },
      );
    }
    const deleted = await withExistingStore(await this.loadConfig(), this.noticeOutput(), async (backend) => {
      if (!this.flags.yes) {
        const { metadata } = await loadWithinLimits(backend, id);
        if (!(await confirm(`Delete conversation ${visible(id)} ("${visible(String(metadata.title ?? ''))}")?`)))
          return false;
      }
      await backend.delete(id);
      return true;
    });
    this.log(deleted ? `Deleted conversation ${visible(id)}.` : 'Nothing was deleted.');
    return { id, deleted };
  }
}
