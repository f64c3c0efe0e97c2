import type { Conversation } from '@infer/core';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { ONE_CONVERSATION_EXITS, conversationIdArgs } from '../../conversations/args.js';
import { withExistingStore } from '../../conversations/backend.js';
import { loadWithinLimits } from '../../conversations/limits.js';
import { conversationText } from '../../conversations/render.js';

export default class ConversationsShow extends BaseCommand<typeof ConversationsShow> {
  static override description = helpText`
    Show one conversation: its metadata, then every entry with its role and content.

    --json prints the whole conversation exactly as stored, fields this release does not know included. Control
    characters in stored text are shown escaped (\e, \x07). ${ONE_CONVERSATION_EXITS}
  `;

  static override examples = examples(
    ['3f2c9a', 'Read a conversation'],
    ['3f2c9a --json', 'The stored document: {"metadata": ..., "entries": [...]}'],
  );

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
