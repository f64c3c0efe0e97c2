import { counted, nounFor } from '@infer/core';
import * as Flags from '@oclif/core/flags';
import { BaseCommand } from '../../base-command.js';
import { examples, helpText } from '../../command-help.js';
import { interruptible } from '../../interrupt.js';
import { type CopyReport, copyBetween } from '../../conversations/copy-between.js';
import { LIMITS, leftOutError } from '../../conversations/limits.js';
import { ExitCode } from '../../exit-codes.js';
import { visible } from '../../output/visible.js';

export default class StorageCopy extends BaseCommand<typeof StorageCopy> {
  static override description = helpText`
    Copy every conversation from the configured backend to the one another configuration file names (e.g. SQLite to
    PostgreSQL).

    Conversations the target lacks, or holds an older version of (by updated_at), are copied page by page; those
    already there and up to date are skipped, so an interrupted copy is simply run again. At the end every source id
    is checked in the target (exit ${ExitCode.CopyIncomplete} if one is missing); a conversation the target cannot
    store (PostgreSQL: an id with U+0000) stops the copy with exit ${ExitCode.UnsupportedValue}, what was copied
    before it staying whole. A source conversation beyond the documented limits (nested deeper than ${LIMITS.levels}
    levels, or stored as more than ${LIMITS.mebibytes} MiB) is not copied: the others are, then its id is named and
    the copy exits ${ExitCode.DocumentLimit}. The source is only read: never changed, never deleted from; it
    must be fully migrated (run "infer migrate" on it first). Copying a backend onto itself is refused.
  `;

  static override examples = examples(
    ['--to ./postgres.yaml', 'Copy from the usual configuration to the backend postgres.yaml configures'],
    ['--config ./sqlite.yaml --to ./redis.yaml --json', 'Name both sides; one JSON summary, no progress'],
  );

  static override flags = {
    to: Flags.string({ description: 'configuration file of the target backend (its storage section)', required: true }),
    'page-size': Flags.integer({ description: 'conversations listed per page', default: 100, min: 1, max: 10_000 }),
  };

  async run(): Promise<CopyReport> {
    const source = await this.loadConfig();
    const target = await this.loadConfig(this.flags.to, { flag: '--to' });
    const report = await interruptible(({ signal }) =>
      copyBetween(source, target, { pageSize: this.flags['page-size'], progress: !this.jsonEnabled(), signal }),
    );
    const { copied, skipped, newerInTarget, beyondLimits, sourceConversations, targetConversations } = report;
    this.log(
      `Copied ${counted(copied, 'conversation')} from ${report.from} to ${report.to}; ` +
        `skipped ${skipped} already there.`,
    );
    if (newerInTarget.length > 0) {
      const left = `${counted(newerInTarget.length, 'conversation')} newer in the target`;
      const kept = nounFor(newerInTarget.length, 'it was', 'they were');
      this.log(`Left ${left} as ${kept}: ${visible(newerInTarget.join(', '))}.`);
    }
    this.log(`Verified: ${verifiedText(sourceConversations, beyondLimits.length > 0, targetConversations)}.`);
    if (beyondLimits.length === 0) return report;
    if (this.jsonEnabled()) this.logJson(report);
    return this.failAfterOutput(leftOutError(beyondLimits, 'copied'));
  }
}

/**
 * What the final check found, worded for none, one and many: `all 25 source conversations are in the
 * target, which now has 25`; with `others`, some were beyond the limits and are not counted.
 */
function verifiedText(source: number, others: boolean, target: number): string {
  const other = others ? 'other ' : '';
  if (source === 0) return `the source has no ${other}conversations; the target has ${counted(target, 'conversation')}`;
  const subject =
    source === 1
      ? `the ${other}source conversation is`
      : `${others ? 'the' : 'all'} ${counted(source, `${other}source conversation`)} are`;
  return `${subject} in the target, which now has ${target}`;
}
