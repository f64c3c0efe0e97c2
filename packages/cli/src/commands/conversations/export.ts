import { join } from 'node:path';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { conversationIdArgs } from '../../conversations/args.js';
import { withExistingStore } from '../../conversations/backend.js';
import { loadWithinLimits } from '../../conversations/limits.js';
import { assertNotDirectory, writeOutputFile } from '../../conversations/output-file.js';
import { conversationMarkdown } from '../../conversations/render.js';

export default class ConversationsExport extends BaseCommand<typeof ConversationsExport> {
  static override description =
    `Export one conversation as JSON (exactly as stored) or Markdown (title, metadata, a section per entry).\n` +
    'Written to stdout, or with --output to a file, which is never replaced unless --force (a directory is ' +
    `refused: exit 3, nothing written); Markdown shows control characters escaped (\\e, \\x07). Exit 6 when ` +
    'there is no conversation with that id, 14 when it is beyond the documented limits (nested deeper than 100 ' +
    'levels, or over 64 MiB).';

  static override examples = [
    {
      command: '<%= config.bin %> <%= command.id %> 3f2c9a --format markdown > chat.md',
      description: 'Markdown on stdout',
    },
    {
      command: '<%= config.bin %> <%= command.id %> 3f2c9a --format json --output chat.json',
      description: 'The stored JSON document into a new file',
    },
    {
      command: '<%= config.bin %> <%= command.id %> 3f2c9a --format markdown --output chat.md --force',
      description: 'Replace an existing file',
    },
  ];

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
