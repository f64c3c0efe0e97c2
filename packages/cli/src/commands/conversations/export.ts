import { join } from 'node:path';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { ONE_CONVERSATION_EXITS, conversationIdArgs } from '../../conversations/args.js';
import { withExistingStore } from '../../conversations/backend.js';
import { loadWithinLimits } from '../../conversations/limits.js';
import { assertNotDirectory, writeOutputFile } from '../../conversations/output-file.js';
import { conversationMarkdown } from '../../conversations/render.js';
import { ExitCode } from '../../exit-codes.js';

export default class ConversationsExport extends BaseCommand<typeof ConversationsExport> {
  static override description = helpText`
    Export one conversation as JSON (exactly as stored) or Markdown (title, metadata, a section per entry).

    Written to stdout, or with --output to a file, which is never replaced unless --force (a directory is refused:
    exit ${ExitCode.Configuration}, nothing written); Markdown shows control characters escaped (\e, \x07).
    ${ONE_CONVERSATION_EXITS}
  `;

  static override examples = examples(
    ['3f2c9a --format markdown > chat.md', 'Markdown on stdout'],
    ['3f2c9a --format json --output chat.json', 'The stored JSON document into a new file'],
    ['3f2c9a --format markdown --output chat.md --force', 'Replace an existing file'],
  );

  // It writes the conversation itself, as JSON or Markdown: no report to print.
  static override enableJsonFlag = false;

  static override args = conversationIdArgs;

  static override flags = {
    format: Flags.string({
      description: 'json: the stored document; markdown: readable',
      options: ['json', 'markdown'],
      default: 'json',
    }),
    output: Flags.string({ char: 'o', description: 'write to this file instead of stdout' }),
    force: Flags.boolean({ description: 'replace the --output file if it exists', dependsOn: ['output'] }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ConversationsExport);
    const { output, format } = this.flags;
    if (output !== undefined)
      assertNotDirectory(output, join(output, `${args.id}.${format === 'markdown' ? 'md' : 'json'}`));
    const conversation = await withExistingStore(await this.loadConfig(), this.noticeOutput(), (backend) =>
      loadWithinLimits(backend, args.id),
    );
    const text =
      this.flags.format === 'markdown'
        ? conversationMarkdown(conversation)
        : `${JSON.stringify(conversation, null, 2)}\n`;
    if (this.flags.output === undefined) {
      process.stdout.write(text);
      return;
    }
    const path = writeOutputFile(this.flags.output, text, this.flags.force);
    this.log(`Exported conversation ${args.id} to ${path}`);
  }
}
