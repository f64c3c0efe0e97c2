import type { Conversation } from '@infer/core';
import { BaseCommand } from '../../base-command.js';
import { conversationIdArgs } from '../../conversations/args.js';
import { withExistingStore } from '../../conversations/backend.js';
import { loadWithinLimits } from '../../conversations/limits.js';
import { conversationText } from '../../conversations/render.js';

export default class ConversationsShow extends BaseCommand<typeof ConversationsShow> {
  static override description =
    `Show one conversation: its metadata, then every entry with its role and content.\n` +
    '--json prints the whole conversation exactly as stored, fields this release does not know included. Control ' +
    `characters in stored text are shown escaped (\\e, \\x07). Exit 6 when there is no conversation with that ` +
    'id, 14 when it is beyond the documented limits (nested deeper than 100 levels, or over 64 MiB).';

  static override examples = [
    { command: '<%= config.bin %> <%= command.id %> 3f2c9a', description: 'Read a conversation' },
    {
      command: '<%= config.bin %> <%= command.id %> 3f2c9a --json',
      description: 'The stored document: {"metadata": ..., "entries": [...]}',
    },
  ];

  static override enableJsonFlag = true;

  static override args = conversationIdArgs;

  async run(): Promise<Conversation> {
    const { args } = await this.parse(ConversationsShow);
    const conversation = await withExistingStore(await this.loadConfig(), this.noticeOutput(), (backend) =>
      loadWithinLimits(backend, args.id),
    );
    this.log(conversationText(conversation));
    return conversation;
  }
}
